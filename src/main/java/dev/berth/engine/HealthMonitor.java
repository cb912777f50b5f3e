package dev.berth.engine;

import dev.berth.runtime.ExecProcess;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the health probes of running containers, as dockerd's health monitor does: one virtual thread per container
 * that waits out the interval, execs the probe in the container, kills it at its timeout, and hands the result to
 * the engine. A run of checks lasts from a start (or unpause, or daemon restart) to the next stop, exit, pause or
 * removal; {@link #stop} only signals, so it is safe under the engine's container lock, and the run's own thread
 * kills the probe in flight. At most one run per container, and one probe per run, exist at a time.
 */
final class HealthMonitor implements AutoCloseable {
    private static final Logger LOG = System.getLogger("berth.engine");
    /** How long a probe's output may trail its exit, as dockerd waits for an exec's streams. */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);
    /** How long a killed probe may take to be reaped. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);

    /** Starts a probe's argv in a running container, as the container's own processes run. */
    @FunctionalInterface
    interface ProbeStarter {
        ExecProcess start(String containerId, List<String> argv);
    }

    /** Takes a probe's result unless its run was stopped meanwhile, and says the container's health after it. */
    @FunctionalInterface
    interface ResultSink {
        HealthStatus record(Run run, HealthCheckResult result);
    }

    /** One container's checks from one start to the next stop; {@code number} tells runs of one container apart. */
    record Run(String containerId, long number, HealthCheck check, Instant startedAt) {}

    private final ProbeStarter starter;
    private final ResultSink sink;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong runs = new AtomicLong();

    HealthMonitor(ProbeStarter starter, ResultSink sink) {
        this.starter = starter;
        this.sink = sink;
    }

    /**
     * Starts a run of checks for a container that is running (not paused), ending any earlier run of it.
     * {@code status} is its health now, which sets the pace of the first probe.
     */
    Run start(String containerId, HealthCheck check, Instant startedAt, HealthStatus status) {
        stop(containerId);
        Session session = new Session(new Run(containerId, runs.incrementAndGet(), check, startedAt), status);
        sessions.put(containerId, session);
        session.thread.start();
        return session.run;
    }

    /** Ends the container's run of checks, if it has one; returns at once. */
    void stop(String containerId) {
        Session session = sessions.remove(containerId);
        if (session != null) {
            session.stopped.complete(null);
        }
    }

    /** Whether {@code run} is still the container's run, i.e. its results still count. */
    boolean isCurrent(Run run) {
        Session session = sessions.get(run.containerId());
        return session != null && session.run.equals(run);
    }

    /** Ends every run and waits, at most {@link #KILL_GRACE}, for their probes to be killed: at daemon shutdown. */
    @Override
    public void close() {
        List<Session> all = List.copyOf(sessions.values());
        all.forEach(s -> stop(s.run.containerId()));
        Instant deadline = Instant.now().plus(KILL_GRACE);
        all.forEach(s -> joinBy(s.thread, deadline));
    }

    private final class Session {
        final Run run;
        final CompletableFuture<Void> stopped = new CompletableFuture<>();
        final Thread thread;

        Session(Run run, HealthStatus status) {
            this.run = run;
            this.thread = Thread.ofVirtual().name("health-" + run.containerId().substring(0, 12)).unstarted(() -> loop(status));
        }

        void loop(HealthStatus initial) {
            HealthStatus status = initial;
            while (!waitForStop(run.check().delay(Duration.between(run.startedAt(), Instant.now()), status))) {
                HealthCheckResult result = probe();
                if (stopped.isDone()) {
                    return;
                }
                try {
                    status = sink.record(run, result);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot record the health of " + run.containerId() + ": " + e.getMessage());
                }
            }
        }

        /** Waits {@code delay} unless stopped first; true when stopped (or interrupted, which ends the run too). */
        private boolean waitForStop(Duration delay) {
            awaitEither(stopped, stopped, delay);
            return stopped.isDone() || Thread.currentThread().isInterrupted();
        }

        /**
         * One probe: its exit code and output, or -1 when it could not run or ran past its timeout. A probe still
         * running when the run is stopped is killed the same way; its result is then dropped by the caller.
         */
        private HealthCheckResult probe() {
            Instant start = Instant.now();
            ExecProcess process;
            try {
                process = starter.start(run.containerId(), run.check().argv());
            } catch (RuntimeException e) {
                return HealthCheckResult.notRun(start, Instant.now(), e.getMessage());
            }
            try {
                ProbeOutput output = new ProbeOutput();
                Thread stdout = Thread.ofVirtual().start(() -> copy(process.stdout(), output));
                Thread stderr = Thread.ofVirtual().start(() -> copy(process.stderr(), output));
                CompletableFuture<Integer> exited = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> exited.complete(
                        process.awaitExit(run.check().timeout().plus(KILL_GRACE)).orElse(HealthCheckResult.NOT_FINISHED)));
                awaitEither(exited, stopped, run.check().timeout());
                if (!exited.isDone()) {
                    process.kill();
                    awaitEither(exited, exited, KILL_GRACE);
                    return HealthCheckResult.timedOut(start, Instant.now(), run.check().timeout(), output.text());
                }
                Instant outputDeadline = Instant.now().plus(OUTPUT_GRACE);
                joinBy(stdout, outputDeadline);
                joinBy(stderr, outputDeadline);
                return new HealthCheckResult(start, Instant.now(), exited.join(), output.text());
            } finally {
                closeQuietly(process);
            }
        }
    }

    /** Waits at most {@code limit} for either future; interrupted, it returns at once with the flag kept. */
    private static void awaitEither(CompletableFuture<?> first, CompletableFuture<?> second, Duration limit) {
        try {
            CompletableFuture.anyOf(first, second).get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the caller looks at which one is done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Joins {@code thread} until {@code deadline} at the latest. */
    private static void joinBy(Thread thread, Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        try {
            thread.join(left.isNegative() ? Duration.ZERO : left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(InputStream in, ProbeOutput output) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                output.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the probe ended and its pipe with it
        }
    }

    private static void closeQuietly(ExecProcess process) {
        try {
            process.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot clean up a health probe: " + e.getMessage());
        }
    }
}
