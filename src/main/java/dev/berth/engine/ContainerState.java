package dev.berth.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.runtime.VmBoot;
import java.time.Instant;

/**
 * Docker's {@code State} object of a container.
 *
 * @param status     created, running, paused, restarting, exited, removing or dead
 * @param startedAt  the last start, or {@link #ZERO_TIME}
 * @param finishedAt the last exit, or {@link #ZERO_TIME}
 * @param accelerator for VMs, the accelerator of the last boot ("kvm" or "tcg"); empty for containers
 * @param bootToReadyMillis for VMs, how long the last boot took until the guest was ready to run the process
 * @param health     {@link ContainerHealth#NONE} unless the container has a health check
 */
public record ContainerState(
        @JsonProperty("Status") String status,
        @JsonProperty("Pid") int pid,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("OOMKilled") boolean oomKilled,
        @JsonProperty("Error") String error,
        @JsonProperty("StartedAt") Instant startedAt,
        @JsonProperty("FinishedAt") Instant finishedAt,
        @JsonProperty("BerthAccelerator") String accelerator,
        @JsonProperty("BerthBootToReadyMs") long bootToReadyMillis,
        @JsonProperty("Health") ContainerHealth health) {
    /** Docker's "never" time, {@code 0001-01-01T00:00:00Z}. */
    public static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    public ContainerState {
        accelerator = accelerator == null ? "" : accelerator; // rows stored before VMs existed
        health = health == null ? ContainerHealth.NONE : health; // rows stored before health checks
    }

    public static ContainerState created() {
        return new ContainerState("created", 0, 0, false, "", ZERO_TIME, ZERO_TIME, "", 0, ContainerHealth.NONE);
    }

    @JsonIgnore
    public boolean isRunning() {
        return status.equals("running") || status.equals("paused");
    }

    /** Running since {@code at}; the engine sets the health the start gives it. */
    public ContainerState running(int newPid, Instant at) {
        return new ContainerState("running", newPid, 0, false, "", at, finishedAt, "", 0, health);
    }

    /** Exited at {@code at}; the health checks stopped with it. */
    public ContainerState exited(int code, boolean oom, Instant at) {
        return new ContainerState("exited", 0, code, oom, error, startedAt, at, accelerator, bootToReadyMillis, health.checksStopped());
    }

    public ContainerState failedToStart(String message, int code) {
        return new ContainerState(startedAt.equals(ZERO_TIME) ? "created" : "exited", 0, code, false, message, startedAt, finishedAt,
                accelerator, bootToReadyMillis, health);
    }

    public ContainerState withStatus(String newStatus) {
        return new ContainerState(newStatus, pid, exitCode, oomKilled, error, startedAt, finishedAt, accelerator, bootToReadyMillis,
                health);
    }

    public ContainerState withError(String message) {
        return new ContainerState(status, pid, exitCode, oomKilled, message, startedAt, finishedAt, accelerator, bootToReadyMillis,
                health);
    }

    public ContainerState withHealth(ContainerHealth newHealth) {
        return new ContainerState(status, pid, exitCode, oomKilled, error, startedAt, finishedAt, accelerator, bootToReadyMillis,
                newHealth);
    }

    /** The state with how the VM just booted. */
    public ContainerState booted(VmBoot boot) {
        return new ContainerState(status, pid, exitCode, oomKilled, error, startedAt, finishedAt, boot.accelerator(),
                boot.bootToReadyMillis(), health);
    }

    /** Whether the last start booted a VM. */
    @JsonIgnore
    public boolean booted() {
        return !accelerator.isEmpty();
    }
}
