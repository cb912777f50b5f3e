package dev.berth.compose;

/**
 * One entry of a service's {@code depends_on}.
 *
 * @param condition what the dependency must reach before the service starts
 * @param required  whether the service fails to start when the dependency cannot run (Compose's default: true)
 * @param restart   whether restarting the dependency restarts the service too
 */
public record Dependency(Condition condition, boolean required, boolean restart) {
    public static final Dependency STARTED = new Dependency(Condition.SERVICE_STARTED, true, false);

    public Dependency {
        java.util.Objects.requireNonNull(condition, "condition");
    }

    /** Compose's depends_on conditions, spelled with underscores. */
    public enum Condition implements Keyword {
        /** The dependency's containers have started. */
        SERVICE_STARTED,
        /** The dependency's containers pass their health check. */
        SERVICE_HEALTHY,
        /** The dependency ran to completion with exit code 0. */
        SERVICE_COMPLETED_SUCCESSFULLY;

        @Override
        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
