package dev.berth.orchestrate.balancer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A backend's live counters, shared by the forwarding loops, and its drain deadline once it left the set. Active
 * connections count from the pick on, so that concurrent picks for least-connections see each other.
 */
final class BackendState {
    private static final long IN_SERVICE = Long.MAX_VALUE;
    /**
     * How long a backend that failed a connect is passed over while others are left, as nginx's fail_timeout: a
     * replica that just died costs one failed attempt, not one per connection (a whole connect timeout each when
     * it hangs), until the orchestrator's health check takes it out.
     */
    static final long SUSPECT_NANOS = Duration.ofSeconds(2).toNanos();

    private final Backend backend;
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder total = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder bytesToBackend = new LongAdder();
    private final LongAdder bytesFromBackend = new LongAdder();
    private volatile long drainDeadlineNanos = IN_SERVICE;
    private volatile long suspectUntilNanos = System.nanoTime();

    BackendState(Backend backend) {
        this.backend = backend;
    }

    Backend backend() {
        return backend;
    }

    int active() {
        return active.get();
    }

    void reserve() {
        active.incrementAndGet();
    }

    void release() {
        active.decrementAndGet();
    }

    void connected() {
        total.increment();
        suspectUntilNanos = System.nanoTime();
    }

    void connectFailed() {
        connectFailures.increment();
        suspectUntilNanos = System.nanoTime() + SUSPECT_NANOS;
    }

    /** Whether it failed a connect lately and has not accepted one since. */
    boolean suspect(long nowNanos) {
        return suspectUntilNanos - nowNanos > 0;
    }

    LongAdder bytesToBackend() {
        return bytesToBackend;
    }

    LongAdder bytesFromBackend() {
        return bytesFromBackend;
    }

    void retire(long deadlineNanos) {
        drainDeadlineNanos = deadlineNanos;
    }

    void restore() {
        drainDeadlineNanos = IN_SERVICE;
    }

    boolean draining() {
        return drainDeadlineNanos != IN_SERVICE;
    }

    /** Whether its connections must be cut now: it is still out of the set and its deadline (of any retirement) passed. */
    boolean drainExpired(long nowNanos) {
        long deadline = drainDeadlineNanos;
        return deadline != IN_SERVICE && nowNanos - deadline >= 0;
    }

    BackendStats stats() {
        return new BackendStats(backend, draining(), active.get(), total.sum(), connectFailures.sum(),
                bytesToBackend.sum(), bytesFromBackend.sum());
    }
}
