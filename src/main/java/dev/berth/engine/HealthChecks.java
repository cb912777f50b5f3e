package dev.berth.engine;

import java.util.Map;

/**
 * The engine's side of health checks: the health a start gives a container, a run of probes while it runs (by the
 * {@link HealthMonitor}), and each result applied to its state under the container's lock, with Docker's
 * {@code health_status: STATUS} event when the status changes. {@link #start} and {@link #stop} are called by the
 * container lifecycle under the container's lock.
 */
final class HealthChecks implements AutoCloseable {
    private final ContainerStore store;
    private final ContainerLocks locks;
    private final EventLog events;
    private final HealthMonitor monitor;

    HealthChecks(ContainerStore store, ContainerLocks locks, EventLog events, HealthMonitor.ProbeStarter probes) {
        this.store = store;
        this.locks = locks;
        this.events = events;
        this.monitor = new HealthMonitor(probes, this::record);
    }

    /** The health a start gives {@code c}: starting (earlier results kept) if it has a health check, none otherwise. */
    static ContainerHealth atStart(Container c) {
        return HealthCheck.of(c.config().healthcheck()).isPresent() ? c.state().health().started() : ContainerHealth.NONE;
    }

    /** Probes a running, unpaused container that has a health check, from the health it has now. */
    void start(Container c) {
        HealthCheck.of(c.config().healthcheck())
                .ifPresent(check -> monitor.start(c.id(), check, c.state().startedAt(), c.state().health().status()));
    }

    /** Stops probing the container; returns at once, its probe in flight is killed by the monitor. */
    void stop(String id) {
        monitor.stop(id);
    }

    /** After a daemon restart: containers that kept running start over at {@code starting}, as dockerd restores them. */
    void recover() {
        for (Container c : store.all()) {
            locks.run(c.id(), () -> store.byId(c.id()).filter(cur -> cur.state().status().equals("running")).ifPresent(cur -> {
                store.update(cur.withState(cur.state().withHealth(atStart(cur))));
                start(store.resolve(cur.id()));
            }));
        }
    }

    /** Applies a probe's result unless its run was stopped meanwhile (stops happen under the same lock). */
    private HealthStatus record(HealthMonitor.Run run, HealthCheckResult result) {
        return locks.call(run.containerId(), () -> {
            if (!monitor.isCurrent(run)) {
                return HealthStatus.NONE;
            }
            Container cur = store.resolve(run.containerId());
            ContainerHealth before = cur.state().health();
            ContainerHealth after = before.after(result, run.check(), cur.state().startedAt());
            Container updated = cur.withState(cur.state().withHealth(after));
            // Kept in memory, as dockerd keeps probe results; the container's next change writes them.
            store.updateInMemory(updated);
            if (after.status() != before.status()) {
                events.publishContainer("health_status: " + after.status().wire(), updated, Map.of());
            }
            return after.status();
        });
    }

    @Override
    public void close() {
        monitor.close();
    }
}
