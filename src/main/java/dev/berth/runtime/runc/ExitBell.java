package dev.berth.runtime.runc;

import dev.berth.runtime.logfile.ConmonLogReader;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Rung by the {@link ExitWatcher} whenever it looks at the exit files, so that log followers (attach, logs -f)
 * waiting for more output see a container's exit at once rather than at their next poll; a {@code run --rm}
 * waits for its attached output to end before it removes the container.
 */
final class ExitBell {
    private long rings;

    synchronized void ring() {
        rings++;
        notifyAll();
    }

    /** A log writer that has ended when {@code ended} says so, and whose waits end at the next ring. */
    ConmonLogReader.Writer writer(BooleanSupplier ended) {
        return new ConmonLogReader.Writer() {
            private long seen;

            @Override
            public boolean ended() {
                seen = rings(); // a ring from here on ends the next wait, so an exit just after this check is not missed
                return ended.getAsBoolean();
            }

            @Override
            public void await(Duration max) {
                awaitRingAfter(seen, max);
            }
        };
    }

    private synchronized long rings() {
        return rings;
    }

    private synchronized void awaitRingAfter(long seen, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            for (long left = max.toNanos(); rings == seen && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
