package dev.berth.runtime;

import java.time.Instant;
import java.util.Optional;

/**
 * Which log entries to read.
 *
 * @param since  only entries at or after this instant
 * @param until  only entries before this instant
 * @param tail   only the last N entries (before following); empty for all
 * @param follow keep reading new entries until the container exits
 */
public record LogQuery(Optional<Instant> since, Optional<Instant> until, Optional<Integer> tail, boolean follow) {
    public static LogQuery all() {
        return new LogQuery(Optional.empty(), Optional.empty(), Optional.empty(), false);
    }
}
