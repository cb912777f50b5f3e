package dev.berth.orchestrate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * One reconciliation step of one service, as a pure function: from the plan, the replicas that exist and what
 * happened before ({@link Progress}), the actions that move the service towards its plan. Level-triggered: the
 * same inputs give the same actions, so a reconciler that crashed or restarted simply runs it again.
 */
public final class Convergence {
    private Convergence() {}

    /** What to do to a service's containers. */
    public sealed interface Action permits Create, Remove {}

    /** Make and start replica {@code slot} of the plan's version. */
    public record Create(int slot) implements Action {}

    /** Stop and remove a replica; {@code reason} goes to the log and events. */
    public record Remove(Replica replica, String reason) implements Action {}

    /** Where a rollout stands after a step. */
    public enum RolloutOutcome { NONE, COMPLETED, FAILED }

    /**
     * @param actions  to run in order
     * @param progress to pass to the next step
     */
    public record Step(List<Action> actions, Progress progress, RolloutOutcome outcome) {}

    /**
     * Memory between steps.
     *
     * @param backoffs        per replica slot: its crash streak and when it may be replaced again
     * @param failures        replacements made, for {@code max_attempts} within the restart window
     * @param rolloutFailures new-version replicas that failed during the current rollout
     * @param batchOpen       a rollout batch was started and has not settled yet
     * @param batchSettled    when the last batch settled, for the rollout's delay
     */
    public record Progress(Map<Integer, Backoff> backoffs, List<Instant> failures, int rolloutFailures, boolean batchOpen,
                           Instant batchSettled) {
        public static final Progress START = new Progress(Map.of(), List.of(), 0, false, Instant.EPOCH);

        /**
         * A slot's crash streak: consecutive failures of its replicas, none of which ran {@link RestartRule#HEALTHY_RUN},
         * and when the slot may get a new replica.
         */
        public record Backoff(int streak, Instant notBefore) {}

        public Progress {
            backoffs = Map.copyOf(backoffs);
            failures = List.copyOf(failures);
        }

        /** A fresh rollout keeps the back-off but forgets the previous rollout's failures. */
        public Progress newRollout() {
            return new Progress(backoffs, failures, 0, false, Instant.EPOCH);
        }

        /**
         * The replica in {@code slot} failed (or could not be made) at {@code now}: the slot's streak grows, or starts
         * over when the replica had run long enough, and its next replica waits the rule's back-off;
         * {@code duringRollout} counts it against the rollout.
         */
        public Progress failedAt(Instant now, RestartRule rule, boolean duringRollout, int slot, boolean ranLong) {
            List<Instant> all = new ArrayList<>(failures);
            all.add(now);
            int streak = (ranLong ? 0 : backoffs.getOrDefault(slot, new Backoff(0, now)).streak()) + 1;
            Map<Integer, Backoff> next = new HashMap<>(backoffs);
            next.put(slot, new Backoff(streak, now.plus(rule.backoff(streak))));
            return new Progress(next, all, rolloutFailures + (duringRollout ? 1 : 0), batchOpen, batchSettled);
        }

        /** Whether a new replica in {@code slot} must still wait. */
        boolean backingOff(int slot, Instant now) {
            Backoff b = backoffs.get(slot);
            return b != null && b.notBefore().isAfter(now);
        }

        Progress forgetFailuresBefore(Instant cutoff) {
            return new Progress(backoffs, failures.stream().filter(t -> t.isAfter(cutoff)).toList(), rolloutFailures, batchOpen,
                    batchSettled);
        }

        Progress batch(boolean open, Instant settledAt) {
            return new Progress(backoffs, failures, rolloutFailures, open, settledAt);
        }

        /** The slots' streaks end: their replicas ran long enough. */
        Progress settled(Set<Integer> slots) {
            Map<Integer, Backoff> next = new HashMap<>(backoffs);
            next.keySet().removeAll(slots);
            return new Progress(next, failures, rolloutFailures, batchOpen, batchSettled);
        }
    }

    /**
     * @param rolling whether a rollout is in force; false while it is paused, so old and new replicas both stay
     */
    public static Step step(ServicePlan plan, boolean rolling, List<Replica> replicas, Progress progress, Instant now) {
        return new Stepper(plan, rolling, replicas, progress, now).run();
    }

    private static final class Stepper {
        private final ServicePlan plan;
        private final boolean rolling;
        private final List<Replica> replicas;
        private final Instant now;
        private final List<Action> actions = new ArrayList<>();
        private final Set<Replica> removed = new HashSet<>();
        private final Set<Integer> slotsTaken = new HashSet<>();
        private Progress progress;

        Stepper(ServicePlan plan, boolean rolling, List<Replica> replicas, Progress p, Instant now) {
            this.plan = plan;
            this.rolling = rolling;
            this.replicas = replicas;
            this.now = now;
            this.progress = p.forgetFailuresBefore(plan.restart().window().isZero() ? Instant.MIN : now.minus(plan.restart().window()));
            replicas.forEach(r -> slotsTaken.add(r.slot()));
        }

        Step run() {
            heal();
            List<Replica> live = replicas.stream().filter(r -> !removed.contains(r)).toList();
            List<Replica> old = live.stream().filter(r -> !r.version().equals(plan.version())).toList();
            RolloutOutcome outcome = RolloutOutcome.NONE;
            if (rolling && !old.isEmpty()) {
                if (progress.rolloutFailures() > Math.floor(plan.rollout().maxFailureRatio() * Math.max(1, plan.replicas()))
                        && plan.rollout().failureAction() != Rollout.FailureAction.CONTINUE) {
                    outcome = RolloutOutcome.FAILED;
                } else {
                    roll(live, old);
                }
            } else {
                scale(live);
                if (rolling && unsettled(live).isEmpty() && live.size() == plan.replicas()) {
                    outcome = RolloutOutcome.COMPLETED;
                }
            }
            forgetStreakWhenSettled(live);
            return new Step(List.copyOf(actions), progress, outcome);
        }

        /** Dead replicas are replaced as the restart rule says; unhealthy ones always. */
        private void heal() {
            for (Replica r : replicas) {
                boolean dead = r.phase() == Replica.Phase.EXITED && plan.restart().replaces(r.exitCode()) && attemptsLeft();
                if (dead || r.phase() == Replica.Phase.UNHEALTHY) {
                    remove(r, dead ? "exited with code " + r.exitCode() : "unhealthy");
                    failed(r);
                }
            }
        }

        private boolean attemptsLeft() {
            return plan.restart().maxAttempts() == 0 || progress.failures().size() < plan.restart().maxAttempts();
        }

        /** A replica that ran {@link RestartRule#HEALTHY_RUN} before it failed starts its slot's streak over, as in Docker. */
        private void failed(Replica r) {
            Instant end = r.phase() == Replica.Phase.EXITED ? r.since() : now;
            boolean ranLong = !r.started().plus(RestartRule.HEALTHY_RUN).isAfter(end);
            progress = progress.failedAt(now, plan.restart(), rolling && r.version().equals(plan.version()), r.slot(), ranLong);
        }

        /** No rollout: as many replicas as planned, surplus removed from the least useful end. */
        private void scale(List<Replica> live) {
            int surplus = live.size() - plan.replicas();
            live.stream().sorted(leastUseful()).limit(Math.max(0, surplus)).forEach(r -> remove(r, "scaled down"));
            fill(live.size() - Math.max(0, surplus));
        }

        /** A rollout batch: new replicas first or old ones out first, one batch at a time, each settled first. */
        private void roll(List<Replica> live, List<Replica> old) {
            List<Replica> current = live.stream().filter(r -> r.version().equals(plan.version())).toList();
            boolean settled = unsettled(current).isEmpty();
            if (settled && progress.batchOpen()) {
                progress = progress.batch(false, now);
            }
            int count = live.size();
            boolean nextBatch = settled && !now.isBefore(progress.batchSettled().plus(plan.rollout().delay()));
            if (plan.rollout().startFirst()) {
                if (nextBatch && current.size() < plan.replicas()) {
                    count += create(Math.min(plan.rollout().parallelism(), plan.replicas() - current.size()));
                }
                long settledNew = current.size() - unsettled(current).size();
                long excess = old.size() + settledNew - plan.replicas();
                old.stream().sorted(leastUseful()).limit(Math.max(0, excess)).forEach(r -> remove(r, "replaced by a new version"));
                count -= (int) Math.max(0, Math.min(excess, old.size()));
            } else if (nextBatch) {
                int k = Math.min(plan.rollout().parallelism(), old.size());
                old.stream().sorted(leastUseful()).limit(k).forEach(r -> remove(r, "replaced by a new version"));
                count -= k;
                progress = progress.batch(true, progress.batchSettled());
            }
            fill(count);
        }

        /** Creates replicas up to the plan from {@code count}. */
        private void fill(int count) {
            if (count < plan.replicas()) {
                create(plan.replicas() - count);
            }
        }

        /**
         * Creates replicas in the {@code n} lowest free slots, except those still backing off: their replacements wait
         * rather than go to another slot. Returns how many were created.
         */
        private int create(int n) {
            int created = 0;
            int slot = 0;
            for (int i = 0; i < n; i++) {
                do {
                    slot++;
                } while (slotsTaken.contains(slot));
                if (!progress.backingOff(slot, now)) {
                    slotsTaken.add(slot);
                    actions.add(new Create(slot));
                    created++;
                }
            }
            if (created > 0 && rolling) {
                progress = progress.batch(true, progress.batchSettled());
            }
            return created;
        }

        private void remove(Replica r, String reason) {
            if (removed.add(r)) {
                actions.add(new Remove(r, reason));
                slotsTaken.remove(r.slot());
            }
        }

        /** Replicas of the plan's version that have not yet been ready for the rollout's monitor time. */
        private List<Replica> unsettled(List<Replica> live) {
            return live.stream().filter(r -> r.version().equals(plan.version())).filter(Replica::alive)
                    .filter(r -> !(r.ready() && !r.since().plus(plan.rollout().monitor()).isAfter(now))).toList();
        }

        /** A slot's crash streak ends once its replica has been ready for {@link RestartRule#HEALTHY_RUN}. */
        private void forgetStreakWhenSettled(List<Replica> live) {
            Set<Integer> settled = new HashSet<>();
            live.stream().filter(r -> r.ready() && !r.since().plus(RestartRule.HEALTHY_RUN).isAfter(now)).forEach(r -> settled.add(r.slot()));
            if (settled.stream().anyMatch(progress.backoffs()::containsKey)) {
                progress = progress.settled(settled);
            }
        }

        /** Exited first, then not ready, then old versions, then the highest slot. */
        private Comparator<Replica> leastUseful() {
            return Comparator.comparing((Replica r) -> r.alive())
                    .thenComparing(Replica::ready)
                    .thenComparing(r -> r.version().equals(plan.version()))
                    .thenComparing(Replica::slot, Comparator.reverseOrder());
        }
    }
}
