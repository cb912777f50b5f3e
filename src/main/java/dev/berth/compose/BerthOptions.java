package dev.berth.compose;

import dev.berth.common.BerthException;

/**
 * Berth's own service options, the {@code x-berth} extension: whether replicas run as containers or as virtual
 * machines, and how big a VM is.
 *
 * @param isolation     container or vm
 * @param cpus          a VM's virtual CPUs, 0 for Berth's default
 * @param memoryBytes   a VM's memory, 0 for Berth's default
 * @param diskSizeBytes a VM's root disk, 0 for Berth's default
 * @param loadBalancer  how the service's balancer picks a replica for each connection ({@code load_balancer})
 */
public record BerthOptions(Isolation isolation, int cpus, long memoryBytes, long diskSizeBytes, Balancing loadBalancer) {
    public static final BerthOptions DEFAULT = new BerthOptions(Isolation.CONTAINER, 0, 0, 0, Balancing.ROUND_ROBIN);

    public BerthOptions {
        java.util.Objects.requireNonNull(isolation, "isolation");
        loadBalancer = loadBalancer == null ? Balancing.ROUND_ROBIN : loadBalancer; // projects stored before the key existed
        if (cpus < 0 || memoryBytes < 0 || diskSizeBytes < 0) {
            throw BerthException.invalid("x-berth cpus, memory and disk_size must not be negative");
        }
    }

    /** How the balancer of a service's ports spreads connections: in turn, or to the replica with the fewest open. */
    public enum Balancing implements Keyword {
        ROUND_ROBIN,
        LEAST_CONNECTIONS
    }

    /** How a service's replicas are isolated. */
    public enum Isolation implements Keyword {
        CONTAINER,
        VM
    }
}
