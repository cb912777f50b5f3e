package dev.berth.engine;

import dev.berth.common.BerthException;
import dev.berth.image.HealthConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container's health check as it runs: the probe's argv and Docker's defaults in place of unset (zero) fields
 * (dockerd's {@code health.go}: interval and timeout 30 s, start interval 5 s, no start period, 3 retries).
 *
 * @param argv the probe: {@code CMD}'s arguments as they are, {@code CMD-SHELL}'s script under {@code /bin/sh -c}
 */
public record HealthCheck(List<String> argv, Duration interval, Duration timeout, Duration startPeriod, Duration startInterval,
                          int retries) {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
    static final int DEFAULT_RETRIES = 3;
    /** Docker's {@code MinimumDuration} for the durations of a health check. */
    static final Duration MINIMUM = Duration.ofMillis(1);

    public HealthCheck {
        argv = List.copyOf(argv);
    }

    /**
     * The check that {@code config} describes; empty when it has none: no test, {@code NONE}, or a test type
     * dockerd does not know (which it skips, as here).
     */
    public static Optional<HealthCheck> of(HealthConfig config) {
        List<String> test = config.test();
        if (test.isEmpty() || !test.getFirst().equals("CMD") && !test.getFirst().equals("CMD-SHELL")) {
            return Optional.empty();
        }
        List<String> argv = new ArrayList<>(test.getFirst().equals("CMD-SHELL") ? List.of("/bin/sh", "-c") : List.of());
        argv.addAll(test.subList(1, test.size()));
        return Optional.of(new HealthCheck(argv, orDefault(config.interval(), DEFAULT_INTERVAL), orDefault(config.timeout(), DEFAULT_TIMEOUT),
                orDefault(config.startPeriod(), Duration.ZERO), orDefault(config.startInterval(), DEFAULT_START_INTERVAL),
                config.retries() > 0 ? config.retries() : DEFAULT_RETRIES));
    }

    /** Refuses what dockerd refuses at create: durations under 1 ms (0 means the default) and negative retries. */
    public static void validate(HealthConfig config) {
        requireMinimum("Interval", config.interval());
        requireMinimum("Timeout", config.timeout());
        requireMinimum("StartPeriod", config.startPeriod());
        requireMinimum("StartInterval", config.startInterval());
        if (config.retries() < 0) {
            throw BerthException.invalid("Retries in Healthcheck cannot be negative");
        }
    }

    /**
     * How long to wait before the next probe (and before the first), {@code sinceStart} after the container started:
     * the start interval while the container is starting within its start period, but never past the period's end
     * (moby#46747), the interval otherwise.
     */
    Duration delay(Duration sinceStart, HealthStatus status) {
        if (sinceStart.compareTo(startPeriod) >= 0 || status != HealthStatus.STARTING) {
            return interval;
        }
        Duration left = startPeriod.minus(sinceStart);
        return left.compareTo(startInterval) < 0 ? left : startInterval;
    }

    private static Duration orDefault(long nanos, Duration fallback) {
        return nanos == 0 ? fallback : Duration.ofNanos(nanos);
    }

    private static void requireMinimum(String field, long nanos) {
        if (nanos != 0 && nanos < MINIMUM.toNanos()) {
            throw BerthException.invalid(field + " in Healthcheck cannot be less than 1ms");
        }
    }
}
