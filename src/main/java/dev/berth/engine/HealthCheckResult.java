package dev.berth.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.common.GoDuration;
import java.time.Duration;
import java.time.Instant;

/**
 * One run of a health probe, Docker's {@code HealthcheckResult}: exit code 0 is healthy, anything else a failure;
 * -1 when the probe could not run or ran past its timeout.
 *
 * @param output what the probe wrote to stdout and stderr, at most {@link ProbeOutput#LIMIT} bytes
 */
public record HealthCheckResult(
        @JsonProperty("Start") Instant start,
        @JsonProperty("End") Instant end,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("Output") String output) {
    /** The exit code of a probe that did not finish on its own. */
    public static final int NOT_FINISHED = -1;

    public HealthCheckResult {
        output = output == null ? "" : output;
    }

    /** A probe killed at its timeout, worded as dockerd words it ("Health check exceeded timeout (1s): ..."). */
    static HealthCheckResult timedOut(Instant start, Instant end, Duration timeout, String output) {
        String message = "Health check exceeded timeout (" + GoDuration.format(timeout) + ")";
        return new HealthCheckResult(start, end, NOT_FINISHED, output.isEmpty() ? message : message + ": " + output);
    }

    /** A probe that could not be run at all; the reason is its output, as in dockerd. */
    static HealthCheckResult notRun(Instant start, Instant end, String reason) {
        return new HealthCheckResult(start, end, NOT_FINISHED, reason);
    }

    public boolean healthy() {
        return exitCode == 0;
    }
}
