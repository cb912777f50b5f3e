package dev.berth.runtime.runc;

import java.util.OptionalLong;

/**
 * Counters read from one container's cgroup at one moment.
 *
 * @param memoryUsage  bytes charged now
 * @param memoryLimit  the hard limit; empty when unlimited
 * @param inactiveFile reclaimable page cache, which {@code docker stats} subtracts from usage
 * @param cpuNanos     cumulative CPU time
 * @param pids         processes (tasks) in the cgroup
 * @param oomKills     how often the kernel's OOM killer struck inside it
 */
record CgroupSample(long memoryUsage, OptionalLong memoryLimit, long inactiveFile, long cpuNanos, long pids,
                    long oomKills) {}
