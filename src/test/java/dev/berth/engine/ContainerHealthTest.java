package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dockerd's health state machine, fed probe results on a made-up clock. */
class ContainerHealthTest {
    private static final Instant STARTED = Instant.parse("2025-01-01T00:00:00Z");

    private static HealthCheck check(Duration startPeriod, int retries) {
        return new HealthCheck(List.of("true"), Duration.ofSeconds(1), Duration.ofSeconds(1), startPeriod, Duration.ofMillis(200), retries);
    }

    /** A result of a probe that began {@code secondsAfterStart} after the container started. */
    private static HealthCheckResult result(double secondsAfterStart, int exitCode) {
        Instant start = STARTED.plusMillis((long) (secondsAfterStart * 1000));
        return new HealthCheckResult(start, start.plusMillis(5), exitCode, "out");
    }

    private static ContainerHealth feed(ContainerHealth h, HealthCheck check, HealthCheckResult... results) {
        for (HealthCheckResult r : results) {
            h = h.after(r, check, STARTED);
        }
        return h;
    }

    @Test
    void aStartBeginsAtStartingAndOnePassingProbeMakesItHealthy() {
        ContainerHealth h = ContainerHealth.NONE.started();
        assertThat(h.status()).isEqualTo(HealthStatus.STARTING);
        assertThat(h.label()).isEqualTo("health: starting");
        h = feed(h, check(Duration.ZERO, 3), result(1, 0));
        assertThat(h.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(h.label()).isEqualTo("healthy");
        assertThat(h.failingStreak()).isZero();
    }

    @Test
    void retriesFailuresInARowMakeItUnhealthyAndOnePassResetsTheStreak() {
        HealthCheck check = check(Duration.ZERO, 2);
        ContainerHealth h = feed(ContainerHealth.NONE.started(), check, result(1, 1));
        assertThat(h.status()).isEqualTo(HealthStatus.STARTING);
        assertThat(h.failingStreak()).isEqualTo(1);
        h = feed(h, check, result(2, 1));
        assertThat(h.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(h.failingStreak()).isEqualTo(2);
        h = feed(h, check, result(3, 0));
        assertThat(h.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(h.failingStreak()).isZero();
        h = feed(h, check, result(4, 7), result(5, -1));
        assertThat(h.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(h.failingStreak()).isEqualTo(2);
    }

    @Test
    void aHealthyContainerStaysHealthyUntilTheStreakReachesRetries() {
        HealthCheck check = check(Duration.ZERO, 3);
        ContainerHealth h = feed(ContainerHealth.NONE.started(), check, result(1, 0), result(2, 1), result(3, 1));
        assertThat(h.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(h.failingStreak()).isEqualTo(2);
        assertThat(feed(h, check, result(4, 1)).status()).isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void failuresWithinTheStartPeriodDoNotCountButASuccessThereMakesItHealthy() {
        HealthCheck check = check(Duration.ofSeconds(10), 1);
        ContainerHealth h = feed(ContainerHealth.NONE.started(), check, result(1, 1), result(2, 1), result(9.9, 1));
        assertThat(h.status()).isEqualTo(HealthStatus.STARTING);
        assertThat(h.failingStreak()).isZero();
        assertThat(h.log()).hasSize(3);
        // a probe that began at the period's end counts
        assertThat(feed(h, check, result(10, 1)).status()).isEqualTo(HealthStatus.UNHEALTHY);
        ContainerHealth healthy = feed(h, check, result(5, 0));
        assertThat(healthy.status()).isEqualTo(HealthStatus.HEALTHY);
        // once healthy, the start period no longer forgives failures
        assertThat(feed(healthy, check, result(6, 1)).status()).isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void theLogKeepsTheLastFiveResultsOldestFirst() {
        HealthCheck check = check(Duration.ZERO, 3);
        ContainerHealth h = ContainerHealth.NONE.started();
        for (int i = 1; i <= 7; i++) {
            h = feed(h, check, result(i, 0));
        }
        assertThat(h.log()).extracting(HealthCheckResult::start)
                .containsExactly(STARTED.plusSeconds(3), STARTED.plusSeconds(4), STARTED.plusSeconds(5), STARTED.plusSeconds(6),
                        STARTED.plusSeconds(7));
    }

    @Test
    void stoppedChecksReportUnhealthyAndARestartStartsOverKeepingTheLog() {
        HealthCheck check = check(Duration.ZERO, 1);
        ContainerHealth h = feed(ContainerHealth.NONE.started(), check, result(1, 0), result(2, 1));
        ContainerHealth stopped = feed(ContainerHealth.NONE.started(), check, result(1, 0)).checksStopped();
        assertThat(stopped.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(stopped.label()).isEqualTo("unhealthy");
        ContainerHealth restarted = h.started();
        assertThat(restarted.status()).isEqualTo(HealthStatus.STARTING);
        assertThat(restarted.failingStreak()).isZero();
        assertThat(restarted.log()).isEqualTo(h.log());
        assertThat(ContainerHealth.NONE.checksStopped()).isEqualTo(ContainerHealth.NONE);
    }

    @Test
    void probeOutputKeepsTheFirst4096BytesAndSaysItCutTheRest() {
        ProbeOutput out = new ProbeOutput();
        byte[] chunk = "x".repeat(3000).getBytes();
        out.write(chunk, 0, chunk.length);
        assertThat(out.text()).hasSize(3000);
        out.write(chunk, 0, chunk.length);
        out.write("tail".getBytes(), 0, 4);
        assertThat(out.text()).hasSize(ProbeOutput.LIMIT + 3).endsWith("xxx...");
    }

    @Test
    void aTimedOutProbeIsWordedAsDockerdWordsIt() {
        HealthCheckResult r = HealthCheckResult.timedOut(STARTED, STARTED.plusSeconds(1), Duration.ofMillis(300), "");
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.output()).isEqualTo("Health check exceeded timeout (300ms)");
        assertThat(HealthCheckResult.timedOut(STARTED, STARTED, Duration.ofSeconds(30), "partial").output())
                .isEqualTo("Health check exceeded timeout (30s): partial");
    }

    @Test
    void healthIsStoredInDockersShapeAndOldRowsWithoutItReadAsNone() {
        ContainerHealth h = feed(ContainerHealth.NONE.started(), check(Duration.ZERO, 3), result(1, 0));
        ContainerState state = ContainerState.created().running(42, STARTED).withHealth(h);
        String json = Json.string(state);
        assertThat(json).contains("\"Health\":{\"Status\":\"healthy\",\"FailingStreak\":0,\"Log\":[{\"Start\":\"2025-01-01T00:00:01Z\","
                + "\"End\":\"2025-01-01T00:00:01.005Z\",\"ExitCode\":0,\"Output\":\"out\"}]}");
        assertThat(Json.parse(json.getBytes(), ContainerState.class, "test")).isEqualTo(state);
        String old = json.substring(0, json.indexOf(",\"Health\"")) + "}";
        assertThat(Json.parse(old.getBytes(), ContainerState.class, "test").health()).isEqualTo(ContainerHealth.NONE);
    }
}
