package dev.berth.orchestrate;

import dev.berth.common.BerthException;
import java.time.Duration;

/**
 * How a service moves from one version to another: Compose's {@code deploy.update_config} or
 * {@code deploy.rollback_config}.
 *
 * @param parallelism      replicas replaced per batch (at least 1)
 * @param delay            wait between batches
 * @param failureAction    what a failed new replica does to the rollout
 * @param monitor          how long a new replica must keep running (and healthy) to count as a success
 * @param maxFailureRatio  failed new replicas tolerated, as a share of the desired replicas
 * @param startFirst       whether a new replica starts before the old one stops (Compose's {@code order: start-first})
 */
public record Rollout(int parallelism, Duration delay, FailureAction failureAction, Duration monitor, double maxFailureRatio,
                      boolean startFirst) {
    /** Compose's defaults: one at a time, no delay, pause on failure, stop-first. */
    public static final Rollout DEFAULT = new Rollout(1, Duration.ZERO, FailureAction.PAUSE, Duration.ZERO, 0, false);

    public enum FailureAction { PAUSE, CONTINUE, ROLLBACK }

    public Rollout {
        if (parallelism < 1) {
            throw BerthException.invalid("update parallelism must be at least 1, got " + parallelism);
        }
        if (maxFailureRatio < 0 || maxFailureRatio > 1) {
            throw BerthException.invalid("max_failure_ratio must be between 0 and 1, got " + maxFailureRatio);
        }
    }
}
