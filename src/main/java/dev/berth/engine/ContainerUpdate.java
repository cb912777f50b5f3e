package dev.berth.engine;

import dev.berth.common.BerthException;

/**
 * {@code docker update}: new limits for a container, in Docker's units; a limit left at 0 stays as it is.
 *
 * @param memorySwap             memory plus swap; -1 for unlimited swap
 * @param pidsLimit              -1 for unlimited
 * @param restartPolicy          the new policy, used only when {@code replacesRestartPolicy}
 * @param replacesRestartPolicy  whether the request named a policy (Docker's empty name keeps the old one)
 */
public record ContainerUpdate(long memory, long memorySwap, long nanoCpus, long cpuShares, long pidsLimit,
                              RestartPolicy restartPolicy, boolean replacesRestartPolicy) {
    public ContainerUpdate {
        if (memory < 0 || nanoCpus < 0 || cpuShares < 0) {
            throw BerthException.invalid("invalid update: memory, CPUs and CPU shares must not be negative");
        }
        if (memorySwap < -1 || pidsLimit < -1) {
            throw BerthException.invalid("invalid update: memory-swap and pids-limit must be -1 (unlimited) or more");
        }
    }

    /** The container's settings with this update applied. */
    HostSettings applyTo(HostSettings h) {
        return h.withLimits(memory > 0 ? memory : h.memory(), memorySwap != 0 ? memorySwap : h.memorySwap(),
                nanoCpus > 0 ? nanoCpus : h.nanoCpus(), cpuShares > 0 ? cpuShares : h.cpuShares(),
                pidsLimit != 0 ? pidsLimit : h.pidsLimit(), replacesRestartPolicy ? restartPolicy : h.restartPolicy());
    }
}
