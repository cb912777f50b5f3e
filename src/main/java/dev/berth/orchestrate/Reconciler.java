package dev.berth.orchestrate;

import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import dev.berth.engine.Container;
import dev.berth.engine.ContainerService;
import dev.berth.orchestrate.Convergence.Action;
import dev.berth.orchestrate.Convergence.Create;
import dev.berth.orchestrate.Convergence.Progress;
import dev.berth.orchestrate.Convergence.Remove;
import dev.berth.orchestrate.Convergence.Step;
import java.lang.System.Logger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Converges every stored service to its plan, forever: on each container event of a stack's container and at
 * least every {@link #TICK}, each service's replicas are read from the containers' labels and one
 * {@link Convergence} step is run and applied. The desired state lives in the {@link StackStore} and the actual
 * state in the containers, so a reconciler that restarts (with the daemon) simply carries on.
 *
 * <p>Each service's actions run on their own virtual thread; a service whose actions are still running is
 * skipped, so a slow stop never holds up the other services.
 */
public final class Reconciler implements AutoCloseable {
    static final Duration TICK = Duration.ofMillis(500);
    private static final String PENDING = "pending: insufficient resources";
    private static final Logger LOG = System.getLogger(Reconciler.class.getName());

    /** Where a service's traffic goes, e.g. the balancers of its published ports. */
    public interface Traffic {
        /** The service's ready replicas after a step: only they get new connections. */
        void ready(ServicePlan plan, List<Replica> replicas);

        /** Waits (at most {@code max}) until a replica that no longer gets new connections holds none, before it is stopped. */
        void awaitDrained(ServicePlan plan, Replica replica, Duration max);
    }

    private final ContainerService containers;
    private final StackStore store;
    private final Function<ServiceRecord, ServicePlan> plans;
    private final Reservations capacity;
    private final Function<Container, Replica.Phase> runningPhase;
    private final Traffic traffic;
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    private final Map<String, String> progressVersion = new ConcurrentHashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Set<String> leaving = ConcurrentHashMap.newKeySet();
    private final Semaphore wakeups = new Semaphore(0);
    private volatile Consumer<ServiceRecord> rolledBack = r -> { };
    private final java.util.concurrent.atomic.AtomicLong passes = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;
    private AutoCloseable subscription;
    private Thread loop;

    /**
     * @param plans        turns a stored service into its plan
     * @param runningPhase the phase of a running container: RUNNING, or STARTING/HEALTHY/UNHEALTHY by its health check
     * @param capacity     what replicas may reserve in all (the host's CPUs and memory)
     */
    public Reconciler(ContainerService containers, StackStore store, Function<ServiceRecord, ServicePlan> plans,
                      Function<Container, Replica.Phase> runningPhase, Traffic traffic, Reservations capacity) {
        this.capacity = capacity;
        this.containers = containers;
        this.store = store;
        this.plans = plans;
        this.runningPhase = runningPhase;
        this.traffic = traffic;
    }

    public void start() {
        subscription = containers.events().subscribe(Instant.now(), e -> {
            if (e.type().equals("container") && e.attributes().containsKey(ServiceLabels.PROJECT)) {
                wake();
            }
        });
        loop = Thread.ofVirtual().name("reconciler").start(this::run);
    }

    /** Asks for a pass soon, e.g. after the desired state changed. */
    /** Told of each automatic rollback once it is stored, so what the service publishes follows the definition it returns to. */
    public void onRollback(Consumer<ServiceRecord> listener) {
        this.rolledBack = listener;
    }

    public void wake() {
        wakeups.release();
    }

    /** Whether actions of any service of {@code stack} are still running. */
    public boolean busy(String stack) {
        return busy.stream().anyMatch(k -> k.startsWith(stack + "/"));
    }

    /**
     * Waits until no pass that may have read {@code stack}'s old desired state is still running or acting on it:
     * two whole passes, then its services' actions. For removing a stack after deleting its services.
     */
    public void settle(String stack, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long target = passes.get() + 2;
        wake();
        while ((passes.get() < target || busy(stack)) && Instant.now().isBefore(deadline) && loop != null && loop.isAlive()) {
            wake();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run() {
        while (!closed) {
            wakeups.drainPermits();
            try {
                List<ServiceRecord> all = store.services();
                Map<String, List<Replica>> replicas = new java.util.HashMap<>();
                for (Container c : containers.list(true)) {
                    String stack = c.config().labels().get(ServiceLabels.PROJECT);
                    if (stack != null && !leaving.contains(c.id())) {
                        replica(c).ifPresent(r -> replicas.computeIfAbsent(stack + "/" + c.config().labels().get(ServiceLabels.SERVICE),
                                k -> new ArrayList<>()).add(r));
                    }
                }
                Map<String, ServicePlan> plansNow = new java.util.LinkedHashMap<>();
                all.forEach(r -> plansNow.put(r.stack() + "/" + r.name(), plans.apply(r)));
                Reservations[] reserved = {reserved(plansNow, replicas)};
                all.forEach(r -> reserved[0] = pass(r, plansNow.get(r.stack() + "/" + r.name()), all, replicas, reserved[0]));
            } catch (RuntimeException e) {
                LOG.log(Logger.Level.WARNING, "reconciliation pass failed: " + e.getMessage(), e);
            }
            passes.incrementAndGet();
            try {
                wakeups.tryAcquire(TICK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One step of one service. {@code replicas} holds every stack's replicas by "stack/service", read once per
     * pass; a service with no replica yet waits until its dependencies meet their {@code depends_on} conditions.
     */
    private Reservations pass(ServiceRecord record, ServicePlan plan, List<ServiceRecord> all, Map<String, List<Replica>> replicas,
                              Reservations reserved) {
        String key = record.stack() + "/" + record.name();
        if (busy.contains(key)) {
            return reserved;
        }
        if (!plan.version().equals(progressVersion.put(key, plan.version()))) {
            progress.computeIfPresent(key, (k, p) -> p.newRollout());
        }
        List<Replica> mine = replicas.getOrDefault(key, List.of());
        if (mine.isEmpty() && !dependenciesMet(plan, all, replicas)) {
            return reserved;
        }
        Step step = admitted(record, plan, Convergence.step(plan, record.state().rolling(), mine,
                progress.getOrDefault(key, Progress.START), Instant.now()), reserved);
        long created = step.actions().stream().filter(a -> a instanceof Create).count();
        progress.put(key, step.progress());
        recordOutcome(record, plan, step);
        step.actions().stream().filter(a -> a instanceof Remove).forEach(a -> leaving.add(((Remove) a).replica().containerId()));
        traffic.ready(plan, mine.stream().filter(r -> r.ready() && !leaving.contains(r.containerId())).toList());
        Reservations after = reserved.plus(plan.reservations().times(created));
        if (!step.actions().isEmpty()) {
            busy.add(key);
            Thread.ofVirtual().name("reconcile-" + key).start(() -> {
                try {
                    step.actions().forEach(a -> apply(plan, key, a));
                } finally {
                    busy.remove(key);
                    wake();
                }
            });
        }
        return after;
    }

    /** What the live replicas of every service reserve of the host. */
    private static Reservations reserved(Map<String, ServicePlan> plans, Map<String, List<Replica>> replicas) {
        Reservations sum = Reservations.NONE;
        for (Map.Entry<String, ServicePlan> e : plans.entrySet()) {
            long alive = replicas.getOrDefault(e.getKey(), List.of()).stream().filter(Replica::alive).count();
            sum = sum.plus(e.getValue().reservations().times(alive));
        }
        return sum;
    }

    /**
     * The step without the creations whose reservations do not fit beside what is reserved; the service says so in
     * its message until they do.
     */
    private Step admitted(ServiceRecord record, ServicePlan plan, Step step, Reservations reserved) {
        List<Action> kept = new ArrayList<>();
        Reservations sum = reserved;
        int pending = 0;
        for (Action a : step.actions()) {
            if (a instanceof Create && !sum.fits(plan.reservations(), capacity)) {
                pending++;
                continue;
            }
            if (a instanceof Create) {
                sum = sum.plus(plan.reservations());
            }
            kept.add(a);
        }
        if (pending > 0) {
            String why = ("%d replica(s) " + PENDING + " (each reserves %s; %s of the host's %s reserved)")
                    .formatted(pending, plan.reservations().describe(), sum.describe(), capacity.describe());
            if (!why.equals(record.message())) {
                store.put(record.withState(record.state(), why));
            }
        } else if (record.message().contains(PENDING)) {
            store.put(record.withState(record.state(), ""));
        }
        return new Step(List.copyOf(kept), step.progress(), step.outcome());
    }

    private static boolean dependenciesMet(ServicePlan plan, List<ServiceRecord> all, Map<String, List<Replica>> replicas) {
        return plan.dependsOn().entrySet().stream().allMatch(e -> {
            List<Replica> theirs = replicas.getOrDefault(plan.stack() + "/" + e.getKey(), List.of());
            int wanted = all.stream().filter(s -> s.stack().equals(plan.stack()) && s.name().equals(e.getKey()))
                    .mapToInt(ServiceRecord::replicas).findFirst().orElse(0);
            return switch (e.getValue()) {
                case STARTED -> theirs.stream().anyMatch(Replica::alive);
                case HEALTHY -> theirs.stream().filter(Replica::ready).count() >= Math.max(1, wanted);
                case COMPLETED -> theirs.stream().noneMatch(Replica::alive)
                        && theirs.stream().anyMatch(r -> r.phase() == Replica.Phase.EXITED && r.exitCode() == 0);
            };
        });
    }

    private void recordOutcome(ServiceRecord record, ServicePlan plan, Step step) {
        switch (step.outcome()) {
            case NONE -> { }
            case COMPLETED -> store.put(record.withState(record.state().rollingBack() ? RolloutState.ROLLBACK_COMPLETED
                    : RolloutState.COMPLETED, record.state().rollingBack() ? "rollback completed" : "update completed"));
            case FAILED -> failRollout(record, plan);
        }
    }

    /** The rollout's failure action: roll back to the previous definition, or pause where it is. */
    private void failRollout(ServiceRecord record, ServicePlan plan) {
        String why = "%d new replica(s) of %s failed".formatted(progress.get(record.stack() + "/" + record.name()).rolloutFailures(),
                record.name());
        boolean rollBack = plan.rollout().failureAction() == Rollout.FailureAction.ROLLBACK && !record.state().rollingBack()
                && record.previousSpec().isPresent();
        if (rollBack) {
            ServiceRecord back = new ServiceRecord(record.stack(), record.name(), record.previous(), record.spec(), record.replicas(),
                    RolloutState.ROLLBACK_STARTED, "update rolled back: " + why, Instant.now());
            store.put(back);
            rolledBack.accept(back);
        } else {
            store.put(record.withState(record.state().rollingBack() ? RolloutState.ROLLBACK_PAUSED : RolloutState.PAUSED,
                    "update paused: " + why));
        }
        LOG.log(Logger.Level.INFO, "service " + record.stack() + "/" + record.name() + ": " + (rollBack ? "rolling back" : "paused")
                + " after " + why);
    }

    private Optional<Replica> replica(Container c) {
        return ServiceLabels.slot(c).map(slot -> {
            String version = c.config().labels().getOrDefault(ServiceLabels.CONFIG_HASH, "");
            return switch (c.state().status()) {
                case "running", "paused", "restarting" -> new Replica(c.id(), c.name(), slot, version, runningPhase.apply(c), 0,
                        c.state().startedAt(), c.state().startedAt());
                case "created" -> new Replica(c.id(), c.name(), slot, version, Replica.Phase.STARTING, 0, c.created(), c.created());
                default -> new Replica(c.id(), c.name(), slot, version, Replica.Phase.EXITED, c.state().exitCode(),
                        c.state().finishedAt(), c.state().startedAt());
            };
        });
    }

    private void apply(ServicePlan plan, String key, Action action) {
        switch (action) {
            case Create create -> createReplica(plan, key, create.slot());
            case Remove remove -> removeReplica(plan, remove);
        }
    }

    private void createReplica(ServicePlan plan, String key, int slot) {
        String name = plan.replicaName(slot);
        try {
            Container c = containers.create(plan.template().named(name, ServiceLabels.of(plan, slot)));
            try {
                containers.start(c.id());
            } catch (RuntimeException e) {
                containers.remove(c.id(), true, true);
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.log(Logger.Level.WARNING, "service " + key + ": cannot start replica " + name + ": " + e.getMessage());
            progress.compute(key, (k, p) -> (p == null ? Progress.START : p).failedAt(Instant.now(), plan.restart(), false, slot, false));
            store.service(plan.stack(), plan.service())
                    .ifPresent(r -> store.put(r.withState(r.state(), "cannot start replica " + name + ": " + e.getMessage())));
        }
    }

    /** Out of the balancers first (the last step did that), its connections drained, then stopped and removed. */
    private void removeReplica(ServicePlan plan, Remove remove) {
        String id = remove.replica().containerId();
        if (remove.replica().alive()) {
            traffic.awaitDrained(plan, remove.replica(), plan.stopGrace());
        }
        try {
            containers.stop(id, Optional.of((int) Math.max(0, plan.stopGrace().toSeconds())), Optional.empty());
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.NOT_MODIFIED && e.kind() != ErrorKind.NOT_FOUND) {
                LOG.log(Logger.Level.WARNING, "stopping replica " + remove.replica().name() + ": " + e.getMessage());
            }
        }
        try {
            containers.remove(id, true, true); // a replica's anonymous volumes are its own, as a swarm task's are
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                LOG.log(Logger.Level.WARNING, "removing replica " + remove.replica().name() + ": " + e.getMessage());
            }
        } finally {
            leaving.remove(id);
        }
    }

    @Override
    public void close() {
        closed = true;
        wake();
        try {
            if (subscription != null) {
                subscription.close();
            }
            if (loop != null) {
                loop.join(Duration.ofSeconds(5));
            }
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }
}
