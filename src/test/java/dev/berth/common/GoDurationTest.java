package dev.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void parsesWhatGoParses() {
        assertThat(GoDuration.parse("1m30s")).contains(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("1.5h")).contains(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(GoDuration.parse("2us")).contains(Duration.ofNanos(2000));
        assertThat(GoDuration.parse("0")).contains(Duration.ZERO);
        assertThat(GoDuration.parse("5")).isEmpty();
        assertThat(GoDuration.parse("5 s")).isEmpty();
        assertThat(GoDuration.parse("")).isEmpty();
    }

    @Test
    void formatsAsGosDurationString() {
        assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(GoDuration.format(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(GoDuration.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoDuration.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
        assertThat(GoDuration.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(GoDuration.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(GoDuration.format(Duration.ofNanos(1500))).isEqualTo("1.5µs");
        assertThat(GoDuration.format(Duration.ofNanos(7))).isEqualTo("7ns");
    }
}
