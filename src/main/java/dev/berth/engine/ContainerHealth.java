package dev.berth.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's health, Docker's {@code State.Health}, and how probe results move it (dockerd's
 * {@code handleProbeResult}). Lifecycle: {@link #NONE} while the container has no health check; {@code starting}
 * at every start; a passing probe makes it {@code healthy} and clears the failing streak; a failing one adds to
 * the streak, except while still {@code starting} within the start period, and {@code retries} failures in a row
 * make it {@code unhealthy}. When the checks stop (exit, stop, pause) it is {@code unhealthy}, as Docker reports it.
 *
 * @param failingStreak probe failures in a row that counted
 * @param log           the last {@link #KEPT_RESULTS} results, oldest first
 */
public record ContainerHealth(
        @JsonProperty("Status") HealthStatus status,
        @JsonProperty("FailingStreak") int failingStreak,
        @JsonProperty("Log") List<HealthCheckResult> log) {
    /** Results dockerd keeps ({@code maxLogEntries}). */
    static final int KEPT_RESULTS = 5;

    /** The health of a container without a health check. */
    public static final ContainerHealth NONE = new ContainerHealth(HealthStatus.NONE, 0, List.of());

    public ContainerHealth {
        status = status == null ? HealthStatus.NONE : status;
        log = log == null ? List.of() : List.copyOf(log);
    }

    /** The health at a (re)start: starting with no failures counted; earlier results stay in the log. */
    ContainerHealth started() {
        return new ContainerHealth(HealthStatus.STARTING, 0, log);
    }

    /** The health once its checks stopped with the container: unhealthy, as dockerd marks it. */
    ContainerHealth checksStopped() {
        return status == HealthStatus.NONE ? this : new ContainerHealth(HealthStatus.UNHEALTHY, failingStreak, log);
    }

    /**
     * The health after {@code result} of {@code check}, for a container started at {@code startedAt}: failures of a
     * container still starting do not count while the probe began within the start period.
     */
    ContainerHealth after(HealthCheckResult result, HealthCheck check, Instant startedAt) {
        List<HealthCheckResult> kept = new ArrayList<>(log.subList(Math.max(0, log.size() + 1 - KEPT_RESULTS), log.size()));
        kept.add(result);
        if (result.healthy()) {
            return new ContainerHealth(HealthStatus.HEALTHY, 0, kept);
        }
        boolean graced = status == HealthStatus.STARTING && Duration.between(startedAt, result.start()).compareTo(check.startPeriod()) < 0;
        if (graced) {
            return new ContainerHealth(status, failingStreak, kept);
        }
        int streak = failingStreak + 1;
        return new ContainerHealth(streak >= check.retries() ? HealthStatus.UNHEALTHY : status, streak, kept);
    }

    /** Docker's words in a {@code ps} status ("Up 3 minutes (health: starting)"). */
    public String label() {
        return status == HealthStatus.STARTING ? "health: starting" : status.wire();
    }
}
