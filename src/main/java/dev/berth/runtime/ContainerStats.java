package dev.berth.runtime;

import java.time.Instant;

/**
 * One sample of a container's cgroup counters.
 *
 * @param cpuTotalNanos     cumulative CPU time of the container
 * @param systemCpuNanos    cumulative CPU time of the whole host (from /proc/stat), for percentages
 * @param onlineCpus        CPUs the host has online
 * @param memoryUsage       bytes charged to the container now
 * @param memoryLimit       bytes it may use (the host's memory when unlimited)
 * @param inactiveFile      page cache that can be reclaimed, which docker stats subtracts
 * @param pids              processes in the container
 */
public record ContainerStats(Instant read, long cpuTotalNanos, long systemCpuNanos, int onlineCpus,
                             long memoryUsage, long memoryLimit, long inactiveFile, long pids) {}
