package dev.berth.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One reentrant lock per container: every read-modify-write of a container's stored state happens under its lock,
 * so lifecycle changes, exits reported by the runtime and health probe results never overwrite one another.
 */
final class ContainerLocks {
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    void run(String id, Runnable work) {
        call(id, () -> {
            work.run();
            return null;
        });
    }

    <T> T call(String id, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Drops the lock of a removed container. */
    void forget(String id) {
        locks.remove(id);
    }
}
