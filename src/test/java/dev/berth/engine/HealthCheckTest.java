package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.image.HealthConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which health check a container's config runs, with Docker's defaults, merge and pace. */
class HealthCheckTest {
    private static final long MS = 1_000_000L;

    @Test
    void cmdRunsItsArgumentsAndCmdShellRunsUnderBinSh() {
        assertThat(HealthCheck.of(new HealthConfig(List.of("CMD", "/bin/check", "-q"), 0, 0, 0, 0, 0)).orElseThrow().argv())
                .containsExactly("/bin/check", "-q");
        assertThat(HealthCheck.of(new HealthConfig(List.of("CMD-SHELL", "test -f /ok"), 0, 0, 0, 0, 0)).orElseThrow().argv())
                .containsExactly("/bin/sh", "-c", "test -f /ok");
    }

    @Test
    void noTestNoneAndUnknownTypesRunNoCheck() {
        assertThat(HealthCheck.of(HealthConfig.UNSET)).isEmpty();
        assertThat(HealthCheck.of(new HealthConfig(List.of("NONE"), 0, 0, 0, 0, 0))).isEmpty();
        assertThat(HealthCheck.of(new HealthConfig(List.of(), 5 * MS, 0, 0, 0, 3))).isEmpty();
        assertThat(HealthCheck.of(new HealthConfig(List.of("HTTP", "/"), 0, 0, 0, 0, 0))).isEmpty();
    }

    @Test
    void zeroFieldsTakeDockersDefaults() {
        HealthCheck c = HealthCheck.of(new HealthConfig(List.of("CMD", "true"), 0, 0, 0, 0, 0)).orElseThrow();
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.startPeriod()).isZero();
        assertThat(c.startInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.retries()).isEqualTo(3);
        HealthCheck set = HealthCheck.of(new HealthConfig(List.of("CMD", "true"), 200 * MS, 300 * MS, 1000 * MS, 50 * MS, 2)).orElseThrow();
        assertThat(List.of(set.interval(), set.timeout(), set.startPeriod(), set.startInterval()))
                .containsExactly(Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofMillis(50));
        assertThat(set.retries()).isEqualTo(2);
    }

    @Test
    void theRequestsFieldsOverrideTheImagesWhenSet() {
        HealthConfig image = new HealthConfig(List.of("CMD-SHELL", "wget -q localhost"), 5000 * MS, 3000 * MS, 0, 0, 2);
        assertThat(HealthConfig.UNSET.over(image)).isEqualTo(image);
        assertThat(new HealthConfig(List.of(), 0, 0, 0, 0, 5).over(image))
                .isEqualTo(new HealthConfig(List.of("CMD-SHELL", "wget -q localhost"), 5000 * MS, 3000 * MS, 0, 0, 5));
        assertThat(new HealthConfig(List.of("CMD", "true"), 200 * MS, 0, 9 * MS, 1 * MS, 0).over(image))
                .isEqualTo(new HealthConfig(List.of("CMD", "true"), 200 * MS, 3000 * MS, 9 * MS, 1 * MS, 2));
        HealthConfig none = new HealthConfig(List.of("NONE"), 0, 0, 0, 0, 0);
        assertThat(HealthCheck.of(none.over(image))).isEmpty();
        HealthConfig onlyInterval = new HealthConfig(List.of(), 200 * MS, 0, 0, 0, 0);
        assertThat(onlyInterval.over(HealthConfig.UNSET)).isEqualTo(onlyInterval);
    }

    @Test
    void createRefusesWhatDockerdRefuses() {
        assertThatThrownBy(() -> HealthCheck.validate(new HealthConfig(List.of("CMD", "true"), 999_999, 0, 0, 0, 0)))
                .hasMessage("Interval in Healthcheck cannot be less than 1ms");
        assertThatThrownBy(() -> HealthCheck.validate(new HealthConfig(List.of("CMD", "true"), 0, -1, 0, 0, 0)))
                .hasMessage("Timeout in Healthcheck cannot be less than 1ms");
        assertThatThrownBy(() -> HealthCheck.validate(new HealthConfig(List.of("CMD", "true"), 0, 0, 5, 0, 0)))
                .hasMessage("StartPeriod in Healthcheck cannot be less than 1ms");
        assertThatThrownBy(() -> HealthCheck.validate(new HealthConfig(List.of("CMD", "true"), 0, 0, 0, 5, 0)))
                .hasMessage("StartInterval in Healthcheck cannot be less than 1ms");
        assertThatThrownBy(() -> HealthCheck.validate(new HealthConfig(List.of("CMD", "true"), 0, 0, 0, 0, -1)))
                .hasMessage("Retries in Healthcheck cannot be negative");
        HealthCheck.validate(new HealthConfig(List.of("CMD", "true"), MS, MS, MS, MS, 0));
    }

    @Test
    void probesComeAtTheStartIntervalWhileStartingWithinTheStartPeriodAndNeverPastItsEnd() {
        HealthCheck c = new HealthCheck(List.of("true"), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(5), 3);
        assertThat(c.delay(Duration.ZERO, HealthStatus.STARTING)).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.delay(Duration.ofSeconds(58), HealthStatus.STARTING)).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.delay(Duration.ofSeconds(10), HealthStatus.HEALTHY)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.delay(Duration.ofSeconds(10), HealthStatus.UNHEALTHY)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.delay(Duration.ofSeconds(60), HealthStatus.STARTING)).isEqualTo(Duration.ofSeconds(30));
        HealthCheck noPeriod = new HealthCheck(List.of("true"), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ZERO,
                Duration.ofSeconds(5), 3);
        assertThat(noPeriod.delay(Duration.ZERO, HealthStatus.STARTING)).isEqualTo(Duration.ofMillis(200));
    }
}
