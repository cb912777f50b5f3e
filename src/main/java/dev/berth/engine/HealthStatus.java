package dev.berth.engine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.berth.common.BerthException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A container's health as Docker names it: {@code none} without a health check, {@code starting} until a probe
 * first succeeds (or enough fail), then {@code healthy} or {@code unhealthy}.
 */
public enum HealthStatus {
    NONE("none"),
    STARTING("starting"),
    HEALTHY("healthy"),
    UNHEALTHY("unhealthy");

    private final String wire;

    HealthStatus(String wire) {
        this.wire = wire;
    }

    /** The name in Docker's JSON, filters and events. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The status that {@code text} names; empty for any other word. */
    public static Optional<HealthStatus> find(String text) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(text)).findFirst();
    }

    @JsonCreator
    static HealthStatus parse(String text) {
        return find(text).orElseThrow(() -> BerthException.invalid(
                "unknown health status: " + text + " (want none, starting, healthy or unhealthy)"));
    }
}
