package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.BerthException;
import dev.berth.common.GoDuration;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The health check flags of {@code run} and {@code create}, sent as docker's CLI sends them: {@code Healthcheck}
 * with only the fields given (durations in nanoseconds), {@code --health-cmd} as {@code ["CMD-SHELL", cmd]}, and
 * {@code --no-healthcheck} as {@code ["NONE"]}; with none of them the image's health check applies unchanged.
 */
final class HealthOptions {
    @Option(names = "--health-cmd", description = "Command to run to check health")
    Optional<String> command = Optional.empty();

    @Option(names = "--health-interval", description = "Time between running the check (ms|s|m|h) (default 0s)")
    Optional<String> interval = Optional.empty();

    @Option(names = "--health-timeout", description = "Maximum time to allow one check to run (ms|s|m|h) (default 0s)")
    Optional<String> timeout = Optional.empty();

    @Option(names = "--health-start-period", description = "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)")
    Optional<String> startPeriod = Optional.empty();

    @Option(names = "--health-start-interval", description = "Time between running the check during the start period (ms|s|m|h) (default 0s)")
    Optional<String> startInterval = Optional.empty();

    @Option(names = "--health-retries", description = "Consecutive failures needed to report unhealthy")
    int retries;

    @Option(names = "--no-healthcheck", description = "Disable any container-specified HEALTHCHECK")
    boolean disabled;

    /** Adds {@code Healthcheck} to the create body when a flag asks for it. */
    void putHealthcheck(ObjectNode body) {
        long intervalNanos = nanos("--health-interval", interval);
        long timeoutNanos = nanos("--health-timeout", timeout);
        long startPeriodNanos = nanos("--health-start-period", startPeriod);
        long startIntervalNanos = nanos("--health-start-interval", startInterval);
        if (retries < 0) {
            throw BerthException.invalid("--health-retries cannot be negative");
        }
        boolean anySetting = command.filter(c -> !c.isEmpty()).isPresent() || intervalNanos != 0 || timeoutNanos != 0
                || startPeriodNanos != 0 || startIntervalNanos != 0 || retries != 0;
        if (disabled) {
            if (anySetting) {
                throw BerthException.invalid("--no-healthcheck conflicts with --health-* options");
            }
            body.putObject("Healthcheck").putArray("Test").add("NONE");
        } else if (anySetting) {
            ObjectNode health = body.putObject("Healthcheck");
            command.filter(c -> !c.isEmpty()).ifPresent(c -> health.putArray("Test").add("CMD-SHELL").add(c));
            putIfSet(health, "Interval", intervalNanos);
            putIfSet(health, "Timeout", timeoutNanos);
            putIfSet(health, "StartPeriod", startPeriodNanos);
            putIfSet(health, "StartInterval", startIntervalNanos);
            putIfSet(health, "Retries", retries);
        }
    }

    private static void putIfSet(ObjectNode node, String field, long value) {
        if (value != 0) {
            node.put(field, value);
        }
    }

    /** A flag's Go duration in nanoseconds, 0 when not given; worded as docker's CLI when it is not one. */
    private static long nanos(String flag, Optional<String> value) {
        if (value.isEmpty()) {
            return 0;
        }
        if (value.get().startsWith("-") && GoDuration.parse(value.get().substring(1)).isPresent()) {
            throw BerthException.invalid(flag + " cannot be negative");
        }
        return GoDuration.parse(value.get()).map(Duration::toNanos).orElseThrow(() -> BerthException.invalid(
                "invalid argument \"" + value.get() + "\" for \"" + flag + "\" flag: time: invalid duration \"" + value.get() + "\""));
    }
}
