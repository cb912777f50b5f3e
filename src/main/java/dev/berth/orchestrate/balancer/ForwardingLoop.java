package dev.berth.orchestrate.balancer;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A selector thread that accepts on a balancer's listeners and forwards the {@link Session}s it accepted. Everything
 * it owns (selector, sessions, timers, its one direct buffer) is touched only by its thread; other threads hand it
 * work through {@link #execute}. See docs/adr/0005-service-balancer.md for why a selector loop and not a thread
 * per connection.
 */
final class ForwardingLoop implements Runnable {
    private static final Logger LOG = System.getLogger("berth.orchestrate");
    /** Large enough that a bulk transfer costs few syscalls, small enough to stay out of a capped direct memory. */
    private static final int BUFFER_BYTES = 64 * 1024;
    /** Accepts per wake-up before serving the connections already open, so that a connect storm cannot starve them. */
    private static final int ACCEPTS_PER_WAKEUP = 64;
    private static final Duration ACCEPT_PAUSE = Duration.ofMillis(100);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private record Timer(long deadlineNanos, Runnable action) {
    }

    private final Selector selector;
    private final BackendPool pool;
    private final BalancerOptions options;
    private final LongAdder unserved;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::deadlineNanos));
    private final Set<Session> sessions = new HashSet<>();
    private final Thread thread;
    private volatile boolean stopping;

    private ForwardingLoop(String name, Selector selector, BackendPool pool, BalancerOptions options, LongAdder unserved) {
        this.selector = selector;
        this.pool = pool;
        this.options = options;
        this.unserved = unserved;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
    }

    /** Registers the listeners with a new selector and starts its thread. */
    static ForwardingLoop start(String name, List<ServerSocketChannel> listeners, BackendPool pool, BalancerOptions options,
                                LongAdder unserved) throws IOException {
        Selector selector = Selector.open();
        try {
            for (ServerSocketChannel listener : listeners) {
                listener.register(selector, SelectionKey.OP_ACCEPT);
            }
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        ForwardingLoop loop = new ForwardingLoop(name, selector, pool, options, unserved);
        loop.thread.start();
        return loop;
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                selector.select(this::dispatch, selectTimeoutMillis());
                runTasks();
                runDueTimers();
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.log(Level.ERROR, "load-balancer loop " + thread.getName() + " failed: " + e);
        } finally {
            List.copyOf(sessions).forEach(Session::abort);
            try {
                selector.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing the selector of " + thread.getName() + " failed: " + e);
            }
        }
    }

    private long selectTimeoutMillis() {
        Timer next = timers.peek();
        if (next == null) {
            return 0; // no deadline: wait for I/O or a task's wake-up
        }
        long nanos = next.deadlineNanos() - System.nanoTime();
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() instanceof Session session) {
            try {
                session.ready(key);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "load-balancer connection failed unexpectedly; resetting it", e);
                session.abort();
            }
        } else {
            accept(key);
        }
    }

    private void accept(SelectionKey key) {
        ServerSocketChannel listener = (ServerSocketChannel) key.channel();
        for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
            try {
                var client = listener.accept();
                if (client == null) {
                    return;
                }
                Session.start(this, client);
            } catch (IOException e) {
                // Mostly out of file descriptors: the listener stays ready, so pause it instead of spinning.
                LOG.log(Level.WARNING, "load balancer cannot accept on " + listener.socket().getLocalSocketAddress() + ": "
                        + e.getMessage() + "; pausing " + ACCEPT_PAUSE.toMillis() + " ms");
                key.interestOps(0);
                schedule(ACCEPT_PAUSE, () -> {
                    if (key.isValid()) {
                        key.interestOps(SelectionKey.OP_ACCEPT);
                    }
                });
                return;
            }
        }
    }

    private void runTasks() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            task.run();
        }
    }

    private void runDueTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && now - timers.peek().deadlineNanos() >= 0) {
            timers.poll().action().run();
        }
    }

    /** Runs {@code task} on this loop's thread soon; from any thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code action} on this loop's thread once {@code delay} passed; on the loop thread. */
    void schedule(Duration delay, Runnable action) {
        timers.add(new Timer(System.nanoTime() + delay.toNanos(), action));
    }

    /**
     * Resets the connections to {@code state} at {@code deadlineNanos} if it is still out of the set then; from any
     * thread.
     */
    void cutWhenDrained(BackendState state, long deadlineNanos) {
        execute(() -> schedule(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())), () -> {
            if (state.drainExpired(System.nanoTime())) {
                List<Session> served = new ArrayList<>();
                for (Session session : sessions) {
                    if (session.servedBy(state)) {
                        served.add(session);
                    }
                }
                served.forEach(Session::abort);
            }
        }));
    }

    /** Stops the thread after resetting every connection it holds; from any thread but its own. */
    void stop() {
        stopping = true;
        selector.wakeup();
        try {
            if (!thread.join(STOP_TIMEOUT)) {
                LOG.log(Level.WARNING, "load-balancer loop " + thread.getName() + " did not stop within " + STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean alive() {
        return thread.isAlive();
    }

    // For the sessions of this loop, on its thread.

    Selector selector() {
        return selector;
    }

    BackendPool pool() {
        return pool;
    }

    BalancerOptions options() {
        return options;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    void countUnserved() {
        unserved.increment();
    }

    void add(Session session) {
        sessions.add(session);
    }

    void remove(Session session) {
        sessions.remove(session);
    }
}
