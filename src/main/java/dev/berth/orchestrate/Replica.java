package dev.berth.orchestrate;

import dev.berth.engine.HealthStatus;
import java.time.Instant;

/**
 * One container of a service, as the reconciler sees it.
 *
 * @param slot     the replica number, as in the name {@code stack-service-N}
 * @param version  the service version (config hash) it was made from
 * @param since    when it entered its phase: started for live ones, finished for exited ones
 * @param started  when it last started ({@code since} for live ones)
 */
public record Replica(String containerId, String name, int slot, String version, Phase phase, int exitCode, Instant since,
                      Instant started) {

    /** Where a replica is in its life. A healthchecked replica is {@code STARTING} until its first success. */
    public enum Phase {
        STARTING, RUNNING, HEALTHY, UNHEALTHY, EXITED;

        /** The phase of a running container with this health. */
        public static Phase of(HealthStatus health) {
            return switch (health) {
                case NONE -> RUNNING;
                case STARTING -> STARTING;
                case HEALTHY -> HEALTHY;
                case UNHEALTHY -> UNHEALTHY;
            };
        }
    }

    /** Serving traffic: running without a healthcheck, or healthy. */
    public boolean ready() {
        return phase == Phase.RUNNING || phase == Phase.HEALTHY;
    }

    public boolean alive() {
        return phase != Phase.EXITED;
    }
}
