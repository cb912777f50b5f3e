package dev.berth.runtime;

import java.time.Instant;

/**
 * One line (or partial line) a container wrote.
 *
 * @param stream  STDOUT or STDERR
 * @param partial true when the line was cut (no newline yet), as conmon marks with "P"
 */
public record LogEntry(Instant time, Stream stream, byte[] content, boolean partial) {
    public enum Stream { STDOUT, STDERR }
}
