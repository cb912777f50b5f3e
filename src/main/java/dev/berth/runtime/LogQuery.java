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
 * @param chunks hand out each chunk of a line as it is written (a shell's prompt, which ends without a newline),
 *               as an attached terminal shows it, instead of waiting for the line to end
 */
public record LogQuery(Optional<Instant> since, Optional<Instant> until, Optional<Integer> tail, boolean follow, boolean chunks) {
    public static LogQuery all() {
        return new LogQuery(Optional.empty(), Optional.empty(), Optional.empty(), false, false);
    }

    /** Lines as they end, optionally followed: what {@code logs} shows. */
    public static LogQuery lines(Optional<Instant> since, Optional<Instant> until, Optional<Integer> tail, boolean follow) {
        return new LogQuery(since, until, tail, follow, false);
    }

    /** Everything from {@code since} on, followed chunk by chunk: what attach streams. */
    public static LogQuery attached(Instant since) {
        return new LogQuery(Optional.of(since), Optional.empty(), Optional.empty(), true, true);
    }
}
