package dev.berth.orchestrate;

import dev.berth.common.BerthException;
import dev.berth.engine.CreateContainer;
import java.time.Duration;
import java.util.Map;

/**
 * What one service of a stack should be: {@code replicas} containers made from {@code template}, healed by
 * {@code restart} and changed by {@code update}. {@code version} identifies the template and settings the
 * replicas are made from; a replica of another version is replaced by a rolling update.
 *
 * @param template  the container to make, without a name: each replica gets {@code stack-service-N} and the
 *                  labels that tie it to the service
 * @param rollout   the rollout in force: the update config, or the rollback config while rolling back
 * @param stopGrace how long a removed replica gets between its stop signal and the kill
 * @param reservations what each replica reserves of the host
 */
public record ServicePlan(String stack, String service, int replicas, String version, RestartRule restart, Rollout rollout,
                          Duration stopGrace, CreateContainer template, Map<String, Awaited> dependsOn, Reservations reservations) {
    /** What a service waits for from each service it depends on before its first replica starts (Compose's conditions). */
    public enum Awaited {
        /** a replica runs */
        STARTED,
        /** every replica is ready: healthy, or running when it has no health check */
        HEALTHY,
        /** a replica exited with code 0 and none runs */
        COMPLETED
    }

    public ServicePlan {
        if (replicas < 0) {
            throw BerthException.invalid("service " + service + ": replicas must not be negative, got " + replicas);
        }
        dependsOn = Map.copyOf(dependsOn);
    }

    /** The name of replica {@code slot}, as Compose names containers. */
    public String replicaName(int slot) {
        return stack + "-" + service + "-" + slot;
    }
}
