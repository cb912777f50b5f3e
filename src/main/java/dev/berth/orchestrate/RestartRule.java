package dev.berth.orchestrate;

import java.time.Duration;

/**
 * When a dead replica is replaced: Compose's {@code deploy.restart_policy}. Repeated failures back off from
 * {@code delay}, doubling up to {@link #MAX_BACKOFF}, so a crashing image does not spin the host.
 *
 * @param maxAttempts replacements allowed within {@code window} (0: unlimited)
 * @param window      the span {@code maxAttempts} counts over; zero means since the service was deployed
 */
public record RestartRule(Condition condition, Duration delay, int maxAttempts, Duration window) {
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** How long a replica must run before its slot's failure streak is forgotten. */
    public static final Duration HEALTHY_RUN = Duration.ofSeconds(10);

    public enum Condition { NONE, ON_FAILURE, ANY }

    /** Whether a replica that exited with {@code exitCode} is to be replaced. */
    public boolean replaces(int exitCode) {
        return switch (condition) {
            case NONE -> false;
            case ON_FAILURE -> exitCode != 0;
            case ANY -> true;
        };
    }

    /** The wait before the {@code streak}-th consecutive replacement (1 = the first). */
    public Duration backoff(int streak) {
        if (streak <= 1) {
            return delay;
        }
        Duration base = delay.isZero() ? Duration.ofMillis(100) : delay;
        Duration d = base.multipliedBy(1L << Math.min(streak - 1, 16));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
