package dev.berth.orchestrate;

import java.time.Instant;
import java.util.Optional;

/**
 * A service as stored: its definition and the one before it (for rollback), the replica count in force, and
 * where its rollout stands.
 *
 * @param spec     the service's definition as JSON (Compose's service, resolved)
 * @param previous the definition before the last update, "" when there is none
 * @param replicas the replica count in force: the definition's, or the last {@code service scale}
 * @param message  why the rollout is where it is ("update paused: replica s-web-3 exited with code 1")
 */
public record ServiceRecord(String stack, String name, String spec, String previous, int replicas, RolloutState state,
                            String message, Instant updatedAt) {

    public Optional<String> previousSpec() {
        return previous.isEmpty() ? Optional.empty() : Optional.of(previous);
    }

    public ServiceRecord withState(RolloutState newState, String why) {
        return new ServiceRecord(stack, name, spec, previous, replicas, newState, why, Instant.now());
    }
}
