package dev.berth.orchestrate.balancer;

import java.util.List;

/**
 * A snapshot of a {@link ServiceBalancer}'s counters.
 *
 * @param backends the current backends in their given order, then the draining ones that still hold connections
 * @param unserved client connections reset because no backend was set or none of them accepted a connection
 */
public record BalancerStats(List<BackendStats> backends, long unserved) {

    public BalancerStats {
        backends = List.copyOf(backends);
    }
}
