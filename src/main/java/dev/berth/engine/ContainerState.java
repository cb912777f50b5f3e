package dev.berth.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Docker's {@code State} object of a container.
 *
 * @param status     created, running, paused, restarting, exited, removing or dead
 * @param startedAt  the last start, or {@link #ZERO_TIME}
 * @param finishedAt the last exit, or {@link #ZERO_TIME}
 */
public record ContainerState(
        @JsonProperty("Status") String status,
        @JsonProperty("Pid") int pid,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("OOMKilled") boolean oomKilled,
        @JsonProperty("Error") String error,
        @JsonProperty("StartedAt") Instant startedAt,
        @JsonProperty("FinishedAt") Instant finishedAt) {
    /** Docker's "never" time, {@code 0001-01-01T00:00:00Z}. */
    public static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    public static ContainerState created() {
        return new ContainerState("created", 0, 0, false, "", ZERO_TIME, ZERO_TIME);
    }

    @JsonIgnore
    public boolean isRunning() {
        return status.equals("running") || status.equals("paused");
    }

    public ContainerState running(int newPid, Instant at) {
        return new ContainerState("running", newPid, 0, false, "", at, finishedAt);
    }

    public ContainerState exited(int code, boolean oom, Instant at) {
        return new ContainerState("exited", 0, code, oom, error, startedAt, at);
    }

    public ContainerState failedToStart(String message, int code) {
        return new ContainerState(startedAt.equals(ZERO_TIME) ? "created" : "exited", 0, code, false, message, startedAt, finishedAt);
    }

    public ContainerState withStatus(String newStatus) {
        return new ContainerState(newStatus, pid, exitCode, oomKilled, error, startedAt, finishedAt);
    }
}
