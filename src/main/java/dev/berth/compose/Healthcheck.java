package dev.berth.compose;

import dev.berth.common.BerthException;
import java.time.Duration;
import java.util.List;

/**
 * A service's {@code healthcheck}, in the shape of Docker's HealthConfig: empty and zero values keep what the image
 * says (or Docker's defaults: 30s interval and timeout, 3 retries, 5s start interval).
 *
 * @param test          {@code ["CMD", arg...]} runs a program, {@code ["CMD-SHELL", command]} runs
 *                      {@code /bin/sh -c command}, {@code ["NONE"]} disables the image's check, empty keeps it
 * @param interval      time between checks
 * @param timeout       how long one check may run
 * @param startPeriod   time after start during which failures do not count
 * @param startInterval time between checks during the start period
 * @param retries       consecutive failures that make the service unhealthy
 */
public record Healthcheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod, Duration startInterval,
                          int retries) {
    /** No healthcheck key: the image's check, if any, applies unchanged. */
    public static final Healthcheck INHERITED = new Healthcheck(List.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);

    public Healthcheck {
        test = List.copyOf(test);
        if (!test.isEmpty()) {
            boolean valid = switch (test.getFirst()) {
                case "NONE" -> test.size() == 1;
                case "CMD", "CMD-SHELL" -> test.size() > 1;
                default -> false;
            };
            if (!valid) {
                throw BerthException.invalid("invalid healthcheck test " + test
                        + ": use [\"CMD\", program, args...], [\"CMD-SHELL\", command] or [\"NONE\"]");
            }
        }
        atLeastOneMillisecond(interval, "interval");
        atLeastOneMillisecond(timeout, "timeout");
        atLeastOneMillisecond(startPeriod, "start_period");
        atLeastOneMillisecond(startInterval, "start_interval");
        if (retries < 0) {
            throw BerthException.invalid("healthcheck retries must not be negative");
        }
    }

    /** Docker's rule: a duration is 0 (the default) or at least 1ms. */
    private static void atLeastOneMillisecond(Duration duration, String what) {
        if (duration.isNegative() || (!duration.isZero() && duration.compareTo(Duration.ofMillis(1)) < 0)) {
            throw BerthException.invalid("healthcheck " + what + " must be 0 or at least 1ms");
        }
    }

    /** Whether the service turns the image's health check off. */
    public boolean disabled() {
        return test.equals(List.of("NONE"));
    }
}
