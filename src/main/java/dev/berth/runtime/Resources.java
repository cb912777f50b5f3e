package dev.berth.runtime;

import dev.berth.common.BerthException;

/**
 * cgroup limits in Docker's units; 0 means unlimited (or the default) for each.
 *
 * @param memoryBytes     {@code --memory}
 * @param memorySwapBytes {@code --memory-swap}: memory plus swap; -1 unlimited swap
 * @param nanoCpus        {@code --cpus} times 10^9
 * @param cpuShares       {@code --cpu-shares} (relative weight, cgroup v1 scale 2..262144)
 * @param pidsLimit       {@code --pids-limit}; 0 or -1 unlimited
 */
public record Resources(long memoryBytes, long memorySwapBytes, long nanoCpus, long cpuShares, long pidsLimit) {
    public static final Resources UNLIMITED = new Resources(0, 0, 0, 0, 0);
    /** Below this the kernel cannot even start a process; Docker's minimum is 6 MiB. */
    public static final long MIN_MEMORY = 6L * 1024 * 1024;

    public Resources {
        if (memoryBytes < 0) {
            throw BerthException.invalid("invalid --memory: must not be negative");
        }
        if (memoryBytes > 0 && memoryBytes < MIN_MEMORY) {
            throw BerthException.invalid("Minimum memory limit allowed is 6MB"); // dockerd's words
        }
        if (memorySwapBytes > 0 && memorySwapBytes < memoryBytes) {
            throw BerthException.invalid("minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (memorySwapBytes > 0 && memoryBytes == 0) {
            throw BerthException.invalid("you should always set the memory limit when using memoryswap limit, see usage");
        }
        if (nanoCpus < 0) {
            throw BerthException.invalid("invalid --cpus: must not be negative");
        }
        if (cpuShares < 0) {
            throw BerthException.invalid("invalid --cpu-shares: must not be negative");
        }
    }
}
