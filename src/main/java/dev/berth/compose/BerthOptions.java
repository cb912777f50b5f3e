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
 */
public record BerthOptions(Isolation isolation, int cpus, long memoryBytes, long diskSizeBytes) {
    public static final BerthOptions DEFAULT = new BerthOptions(Isolation.CONTAINER, 0, 0, 0);

    public BerthOptions {
        java.util.Objects.requireNonNull(isolation, "isolation");
        if (cpus < 0 || memoryBytes < 0 || diskSizeBytes < 0) {
            throw BerthException.invalid("x-berth cpus, memory and disk_size must not be negative");
        }
    }

    /** How a service's replicas are isolated. */
    public enum Isolation implements Keyword {
        CONTAINER,
        VM
    }
}
