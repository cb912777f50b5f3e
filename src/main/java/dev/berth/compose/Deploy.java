package dev.berth.compose;

import dev.berth.common.BerthException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A service's {@code deploy} section: how many replicas run, with which resources, how they are restarted and how
 * an update replaces them.
 *
 * @param replicas       how many replicas should run
 * @param resources      limits and reservations per replica
 * @param restartPolicy  when a replica that ended is replaced; without {@code restart_policy} it follows the service's
 *                       {@code restart} (no → none, always and unless-stopped → any, on-failure[:N] → on-failure),
 *                       and is {@code any} when neither is given
 * @param updateConfig   how a rolling update proceeds
 * @param rollbackConfig how a rollback proceeds
 * @param labels         labels of the service itself, not of its replicas
 */
public record Deploy(int replicas, Resources resources, RestartPolicy restartPolicy, UpdateConfig updateConfig,
                     UpdateConfig rollbackConfig, Map<String, String> labels) {
    public static final Deploy DEFAULT = new Deploy(1, Resources.NONE, RestartPolicy.ANY, UpdateConfig.DEFAULT, UpdateConfig.DEFAULT,
            Map.of());

    public Deploy {
        if (replicas < 0) {
            throw BerthException.invalid("replicas must not be negative, got " + replicas);
        }
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(restartPolicy, "restartPolicy");
        Objects.requireNonNull(updateConfig, "updateConfig");
        if (rollbackConfig.failureAction() == FailureAction.ROLLBACK) {
            throw BerthException.invalid("rollback_config failure_action can be pause or continue, not rollback");
        }
        labels = Checks.orderedCopy(labels);
    }

    /** The same deployment with another replica count, as {@code berth service scale} sets it. */
    public Deploy withReplicas(int count) {
        return new Deploy(count, resources, restartPolicy, updateConfig, rollbackConfig, labels);
    }

    /** Per-replica resources; zero means no limit or no reservation. */
    public record Resources(Limits limits, Limits reservations) {
        public static final Resources NONE = new Resources(Limits.NONE, Limits.NONE);

        public Resources {
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(reservations, "reservations");
        }
    }

    /**
     * @param nanoCpus    CPUs in units of 10^-9 CPUs ({@code cpus: 0.5} is 500000000), as Docker's NanoCpus
     * @param memoryBytes memory in bytes
     * @param pids        the number of processes
     */
    public record Limits(long nanoCpus, long memoryBytes, long pids) {
        public static final Limits NONE = new Limits(0, 0, 0);

        public Limits {
            if (nanoCpus < 0 || memoryBytes < 0 || pids < 0) {
                throw BerthException.invalid("cpus, memory and pids must not be negative");
            }
        }
    }

    /**
     * @param condition   when to replace an ended replica
     * @param delay       wait between attempts
     * @param maxAttempts attempts before giving up, 0 for no limit
     * @param window      how long a replica must run before its restart counts as a success, 0 for at once
     */
    public record RestartPolicy(RestartCondition condition, Duration delay, int maxAttempts, Duration window) {
        public static final RestartPolicy ANY = new RestartPolicy(RestartCondition.ANY, Duration.ZERO, 0, Duration.ZERO);

        public RestartPolicy {
            Objects.requireNonNull(condition, "condition");
            Checks.notNegative(delay, "restart_policy delay");
            Checks.notNegative(window, "restart_policy window");
            if (maxAttempts < 0) {
                throw BerthException.invalid("restart_policy max_attempts must not be negative");
            }
        }
    }

    /**
     * @param parallelism     replicas replaced at a time, 0 for all at once
     * @param delay           wait between batches
     * @param failureAction   what to do when a replaced replica fails
     * @param monitor         how long each new replica is watched for failure
     * @param maxFailureRatio the share of failed replicas (0 to 1) tolerated
     * @param order           whether the old replica stops before its replacement starts, or after
     */
    public record UpdateConfig(int parallelism, Duration delay, FailureAction failureAction, Duration monitor, double maxFailureRatio,
                               Order order) {
        public static final UpdateConfig DEFAULT = new UpdateConfig(1, Duration.ZERO, FailureAction.PAUSE, Duration.ZERO, 0,
                Order.STOP_FIRST);

        public UpdateConfig {
            if (parallelism < 0) {
                throw BerthException.invalid("parallelism must not be negative");
            }
            Checks.notNegative(delay, "delay");
            Objects.requireNonNull(failureAction, "failureAction");
            Checks.notNegative(monitor, "monitor");
            if (!(maxFailureRatio >= 0 && maxFailureRatio <= 1)) {
                throw BerthException.invalid("max_failure_ratio must be between 0 and 1, got " + maxFailureRatio);
            }
            Objects.requireNonNull(order, "order");
        }
    }

    public enum RestartCondition implements Keyword {
        NONE,
        ON_FAILURE,
        ANY
    }

    public enum FailureAction implements Keyword {
        PAUSE,
        CONTINUE,
        ROLLBACK
    }

    public enum Order implements Keyword {
        STOP_FIRST,
        START_FIRST
    }
}
