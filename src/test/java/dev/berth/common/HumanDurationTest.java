package dev.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanDurationTest {
    @Test
    void matchesDockerPs() {
        assertThat(HumanDuration.of(Duration.ofMillis(300))).isEqualTo("Less than a second");
        assertThat(HumanDuration.of(Duration.ofSeconds(5))).isEqualTo("5 seconds");
        assertThat(HumanDuration.of(Duration.ofSeconds(90))).isEqualTo("About a minute");
        assertThat(HumanDuration.of(Duration.ofMinutes(5))).isEqualTo("5 minutes");
        assertThat(HumanDuration.of(Duration.ofHours(3))).isEqualTo("3 hours");
    }
}
