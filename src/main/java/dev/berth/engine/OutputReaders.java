package dev.berth.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Clients that read a container's output from its log (attach), counted per container: a {@code --rm} removal
 * waits until the last has let go, woken when it does, so a short-lived container's output is never lost and its
 * removal not delayed either.
 */
final class OutputReaders {
    private final Map<String, Integer> counts = new HashMap<>();

    /** Counts one more reader of container {@code id}; closing the result lets go. */
    synchronized AutoCloseable hold(String id) {
        counts.merge(id, 1, Integer::sum);
        return () -> release(id);
    }

    /** Waits until container {@code id} has no readers, or {@code max} has passed. */
    synchronized void awaitNone(String id, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            for (long left = max.toNanos(); counts.containsKey(id) && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void release(String id) {
        counts.computeIfPresent(id, (k, n) -> n > 1 ? n - 1 : null);
        notifyAll();
    }
}
