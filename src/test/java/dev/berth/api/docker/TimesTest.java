package dev.berth.api.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {
    @Test
    void untilTakesADurationBeforeNowOrATime() {
        Instant before = Instant.now();
        Instant until = Times.parseUntil("24h");
        assertThat(until).isBetween(before.minus(Duration.ofHours(24)), Instant.now().minus(Duration.ofHours(24)));
        assertThat(Times.parseUntil("1h30m")).isBefore(Instant.now().minus(Duration.ofMinutes(89)));
        assertThat(Times.parseUntil("1700000000")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(Times.parseUntil("2023-11-14T22:13:20Z")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    }

    @Test
    void untilRefusesWhatIsNeitherAndZero() {
        assertThatThrownBy(() -> Times.parseUntil("soon")).isInstanceOf(BerthException.class).hasMessageContaining("until");
        assertThatThrownBy(() -> Times.parseUntil("0")).isInstanceOf(BerthException.class).hasMessageContaining("until");
    }
}
