package dev.berth.runtime;

/**
 * A process to start inside a running container.
 *
 * @param process what to run, as whom, where
 * @param stdin   whether the caller will feed its standard input
 */
public record ExecSpec(ProcessSpec process, boolean stdin) {}
