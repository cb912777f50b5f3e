package dev.berth.runtime;

import java.time.Instant;

/**
 * How a container's init process ended.
 *
 * @param code      the exit code; 128+N for death by signal N, as Docker reports
 * @param oomKilled whether the kernel's OOM killer ended it
 * @param at        when it ended
 */
public record ExitStatus(int code, boolean oomKilled, Instant at) {}
