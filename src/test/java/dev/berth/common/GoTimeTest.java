package dev.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Regression: skopeo re-encodes configs with Go's time format; ".120Z" came back as ".12Z" and changed the id. */
class GoTimeTest {
    @Test
    void trimsTrailingZerosOfTheFractionAsGoDoes() {
        assertThat(GoTime.rfc3339Nano(Instant.parse("2026-11-23T11:15:00.120Z"))).isEqualTo("2026-11-23T11:15:00.12Z");
        assertThat(GoTime.rfc3339Nano(Instant.parse("2026-11-23T11:15:00Z"))).isEqualTo("2026-11-23T11:15:00Z");
        assertThat(GoTime.rfc3339Nano(Instant.parse("2026-11-23T11:15:00.000000001Z"))).isEqualTo("2026-11-23T11:15:00.000000001Z");
        assertThat(GoTime.rfc3339Nano(Instant.parse("2026-11-23T11:15:00.5Z"))).isEqualTo("2026-11-23T11:15:00.5Z");
    }

    @Test
    void readsUnixSecondsWithFractionsAndNothingElse() {
        assertThat(GoTime.fromUnixSeconds("1700000000")).contains(Instant.ofEpochSecond(1700000000));
        assertThat(GoTime.fromUnixSeconds("1700000000.000000005")).contains(Instant.ofEpochSecond(1700000000, 5));
        assertThat(GoTime.fromUnixSeconds("2026-11-23T11:15:00Z")).isEmpty();
        assertThat(GoTime.fromUnixSeconds("10m")).isEmpty();
    }
}
