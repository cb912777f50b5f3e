package dev.berth.orchestrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.AttachedStreams;
import dev.berth.engine.CreateContainer;
import dev.berth.engine.HostSettings;
import dev.berth.engine.RestartPolicy;
import dev.berth.image.HealthConfig;
import dev.berth.orchestrate.Convergence.Create;
import dev.berth.orchestrate.Convergence.Progress;
import dev.berth.orchestrate.Convergence.Remove;
import dev.berth.orchestrate.Convergence.RolloutOutcome;
import dev.berth.orchestrate.Convergence.Step;
import dev.berth.orchestrate.Replica.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvergenceTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final RestartRule ANY = new RestartRule(RestartRule.Condition.ANY, Duration.ZERO, 0, Duration.ZERO);

    @Test
    void createsTheMissingReplicasInFreeSlots() {
        Step s = step(plan(3, "v1", Rollout.DEFAULT), false, List.of(replica(2, "v1", Phase.RUNNING)));
        assertThat(s.actions()).containsExactly(new Create(1), new Create(3));
    }

    @Test
    void scaleDownRemovesTheHighestSlotsButUnreadyOnesFirst() {
        Replica r1 = replica(1, "v1", Phase.RUNNING), r2 = replica(2, "v1", Phase.STARTING), r3 = replica(3, "v1", Phase.RUNNING);
        Step s = step(plan(1, "v1", Rollout.DEFAULT), false, List.of(r1, r2, r3));
        assertThat(s.actions()).containsExactly(new Remove(r2, "scaled down"), new Remove(r3, "scaled down"));
    }

    @Test
    void aDeadReplicaIsReplacedAtOnceThenWithBackOff() {
        ServicePlan plan = plan(1, "v1", Rollout.DEFAULT);
        Replica dead = exited(1, "v1", 137);
        Step first = Convergence.step(plan, false, List.of(dead), Progress.START, T0);
        assertThat(first.actions()).containsExactly(new Remove(dead, "exited with code 137"), new Create(1));

        Replica deadAgain = exited(1, "v1", 1);
        Step second = Convergence.step(plan, false, List.of(deadAgain), first.progress(), T0.plusMillis(50));
        assertThat(second.actions()).as("the slot backs off; its replacement does not move to another slot")
                .containsExactly(new Remove(deadAgain, "exited with code 1"));
        assertThat(second.progress().backoffs().get(1)).isEqualTo(new Progress.Backoff(2, T0.plusMillis(50).plus(Duration.ofMillis(200))));

        Step later = Convergence.step(plan, false, List.of(), second.progress(), T0.plusMillis(300));
        assertThat(later.actions()).containsExactly(new Create(1));
    }

    @Test
    void aCrashingSlotDoesNotHoldUpTheOthers() {
        ServicePlan plan = plan(3, "v1", Rollout.DEFAULT);
        Progress slotTwoCrashing = new Progress(Map.of(2, new Progress.Backoff(3, T0.plusSeconds(1))), List.of(), 0, false, Instant.EPOCH);
        Replica killed = new Replica("c3", "s-web-3", 3, "v1", Phase.EXITED, 137, T0, T0.minusSeconds(60));
        Step s = Convergence.step(plan, false, List.of(replica(1, "v1", Phase.RUNNING), killed), slotTwoCrashing, T0);
        assertThat(s.actions()).containsExactly(new Remove(killed, "exited with code 137"), new Create(3));
    }

    @Test
    void theStreakEndsAfterAReplicaRanLongEnough() {
        ServicePlan plan = plan(1, "v1", Rollout.DEFAULT);
        Progress crashing = new Progress(Map.of(1, new Progress.Backoff(4, T0)), List.of(), 0, false, Instant.EPOCH);
        Replica up = new Replica("c1", "s-web-1", 1, "v1", Phase.RUNNING, 0, T0, T0);
        assertThat(Convergence.step(plan, false, List.of(up), crashing, T0.plusSeconds(5)).progress().backoffs()).containsKey(1);
        assertThat(Convergence.step(plan, false, List.of(up), crashing, T0.plusSeconds(11)).progress().backoffs()).isEmpty();
    }

    @Test
    void aReplicaThatRanLongEnoughIsReplacedAtOnceWhateverTheStreak() {
        Progress crashing = new Progress(Map.of(1, new Progress.Backoff(5, T0.minusSeconds(1))), List.of(), 0, false, Instant.EPOCH);
        Replica longLived = new Replica("c1", "s-web-1", 1, "v1", Phase.EXITED, 137, T0, T0.minusSeconds(60));
        Step s = Convergence.step(plan(1, "v1", Rollout.DEFAULT), false, List.of(longLived), crashing, T0);
        assertThat(s.actions()).containsExactly(new Remove(longLived, "exited with code 137"), new Create(1));
        assertThat(s.progress().backoffs().get(1).streak()).isEqualTo(1);
    }

    @Test
    void restartConditionsDecideWhatExitsAreReplaced() {
        ServicePlan onFailure = plan(1, "v1", Rollout.DEFAULT, new RestartRule(RestartRule.Condition.ON_FAILURE, Duration.ZERO, 0, Duration.ZERO));
        assertThat(step(onFailure, false, List.of(exited(1, "v1", 0))).actions()).isEmpty();
        assertThat(step(onFailure, false, List.of(exited(1, "v1", 2))).actions()).hasSize(2);
        ServicePlan none = plan(1, "v1", Rollout.DEFAULT, new RestartRule(RestartRule.Condition.NONE, Duration.ZERO, 0, Duration.ZERO));
        assertThat(step(none, false, List.of(exited(1, "v1", 2))).actions()).isEmpty();
    }

    @Test
    void maxAttemptsStopsReplacingWithinTheWindow() {
        ServicePlan plan = plan(1, "v1", Rollout.DEFAULT, new RestartRule(RestartRule.Condition.ANY, Duration.ZERO, 2, Duration.ofMinutes(1)));
        Progress twoFailures = new Progress(Map.of(), List.of(T0, T0.plusSeconds(1)), 0, false, Instant.EPOCH);
        Replica dead = exited(1, "v1", 1);
        assertThat(Convergence.step(plan, false, List.of(dead), twoFailures, T0.plusSeconds(2)).actions()).isEmpty();
        assertThat(Convergence.step(plan, false, List.of(dead), twoFailures, T0.plusSeconds(70)).actions()).hasSize(2);
    }

    @Test
    void anUnhealthyReplicaIsReplaced() {
        Replica sick = replica(1, "v1", Phase.UNHEALTHY);
        assertThat(step(plan(1, "v1", Rollout.DEFAULT), false, List.of(sick)).actions())
                .containsExactly(new Remove(sick, "unhealthy"), new Create(1));
    }

    @Test
    void stopFirstReplacesOneBatchAtATimeAndWaitsForItToSettle() {
        Rollout twoAtATime = new Rollout(2, Duration.ZERO, Rollout.FailureAction.PAUSE, Duration.ZERO, 0, false);
        ServicePlan plan = plan(3, "v2", twoAtATime);
        List<Replica> olds = List.of(replica(1, "v1", Phase.RUNNING), replica(2, "v1", Phase.RUNNING), replica(3, "v1", Phase.RUNNING));
        Step first = step(plan, true, olds);
        assertThat(first.actions()).containsExactly(new Remove(olds.get(2), "replaced by a new version"),
                new Remove(olds.get(1), "replaced by a new version"), new Create(2), new Create(3));

        List<Replica> starting = List.of(olds.get(0), replica(2, "v2", Phase.STARTING), replica(3, "v2", Phase.STARTING));
        assertThat(Convergence.step(plan, true, starting, first.progress(), T0.plusSeconds(1)).actions()).isEmpty();

        List<Replica> ready = List.of(olds.get(0), replica(2, "v2", Phase.HEALTHY), replica(3, "v2", Phase.HEALTHY));
        Step second = Convergence.step(plan, true, ready, first.progress(), T0.plusSeconds(2));
        assertThat(second.actions()).containsExactly(new Remove(olds.get(0), "replaced by a new version"), new Create(1));

        List<Replica> done = List.of(replica(1, "v2", Phase.HEALTHY), ready.get(1), ready.get(2));
        assertThat(Convergence.step(plan, true, done, second.progress(), T0.plusSeconds(3)).outcome()).isEqualTo(RolloutOutcome.COMPLETED);
    }

    @Test
    void startFirstKeepsCapacity() {
        Rollout startFirst = new Rollout(1, Duration.ZERO, Rollout.FailureAction.ROLLBACK, Duration.ZERO, 0, true);
        ServicePlan plan = plan(2, "v2", startFirst);
        Replica o1 = replica(1, "v1", Phase.HEALTHY), o2 = replica(2, "v1", Phase.HEALTHY);
        Step first = step(plan, true, List.of(o1, o2));
        assertThat(first.actions()).containsExactly(new Create(3));

        Replica n3 = replica(3, "v2", Phase.STARTING);
        assertThat(Convergence.step(plan, true, List.of(o1, o2, n3), first.progress(), T0.plusSeconds(1)).actions()).isEmpty();

        Replica n3up = replica(3, "v2", Phase.HEALTHY);
        Step second = Convergence.step(plan, true, List.of(o1, o2, n3up), first.progress(), T0.plusSeconds(2));
        assertThat(second.actions()).containsExactly(new Create(4), new Remove(o2, "replaced by a new version"));
    }

    @Test
    void aFailingNewVersionFailsTheRollout() {
        Rollout rollback = new Rollout(1, Duration.ZERO, Rollout.FailureAction.ROLLBACK, Duration.ZERO, 0, true);
        ServicePlan plan = plan(2, "v2", rollback);
        Replica o1 = replica(1, "v1", Phase.HEALTHY), o2 = replica(2, "v1", Phase.HEALTHY), broken = exited(3, "v2", 1);
        Step s = step(plan, true, List.of(o1, o2, broken));
        assertThat(s.outcome()).isEqualTo(RolloutOutcome.FAILED);
        assertThat(s.actions()).containsExactly(new Remove(broken, "exited with code 1"));
    }

    @Test
    void aPausedRolloutKeepsBothVersions() {
        List<Replica> mixed = List.of(replica(1, "v1", Phase.RUNNING), replica(2, "v2", Phase.RUNNING));
        assertThat(step(plan(2, "v2", Rollout.DEFAULT), false, mixed).actions()).isEmpty();
    }

    @Test
    void theRolloutDelayIsKeptBetweenBatches() {
        Rollout slow = new Rollout(1, Duration.ofSeconds(5), Rollout.FailureAction.PAUSE, Duration.ZERO, 0, false);
        ServicePlan plan = plan(2, "v2", slow);
        Replica o1 = replica(1, "v1", Phase.RUNNING), n2 = replica(2, "v2", Phase.RUNNING);
        Progress open = new Progress(Map.of(), List.of(), 0, true, Instant.EPOCH);
        Step settled = Convergence.step(plan, true, List.of(o1, n2), open, T0);
        assertThat(settled.actions()).isEmpty();
        assertThat(Convergence.step(plan, true, List.of(o1, n2), settled.progress(), T0.plusSeconds(6)).actions()).hasSize(2);
    }

    private static Step step(ServicePlan plan, boolean rolling, List<Replica> replicas) {
        return Convergence.step(plan, rolling, new ArrayList<>(replicas), Progress.START, T0);
    }

    private static Replica replica(int slot, String version, Phase phase) {
        return new Replica("c" + slot + version, "s-web-" + slot, slot, version, phase, 0, T0.minusSeconds(60), T0.minusSeconds(60));
    }

    private static Replica exited(int slot, String version, int code) {
        return new Replica("c" + slot + version, "s-web-" + slot, slot, version, Phase.EXITED, code, T0.minusSeconds(1),
                T0.minusSeconds(2));
    }

    private static ServicePlan plan(int replicas, String version, Rollout rollout) {
        return plan(replicas, version, rollout, ANY);
    }

    private static ServicePlan plan(int replicas, String version, Rollout rollout, RestartRule restart) {
        CreateContainer template = new CreateContainer("", "busybox", List.of("sleep", "60"), List.of(), false, List.of(), "", "",
                false, false, false, AttachedStreams.NONE, "", Map.of(), "", new HostSettings(0, 0, 0, 0, 0, List.of(), Map.of(), false,
                RestartPolicy.NO, false, "", "", Map.of(), false, List.of(), List.of(), List.of(), List.of(), Map.of()), List.of(), List.of(),
                Map.of(), HealthConfig.UNSET);
        return new ServicePlan("s", "web", replicas, version, restart, rollout, Duration.ofSeconds(10), template, Map.of(), Reservations.NONE);
    }
}
