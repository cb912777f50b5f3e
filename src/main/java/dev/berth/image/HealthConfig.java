package dev.berth.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An image's health check (Docker's {@code Healthcheck} in the image config): {@code ["NONE"]} disables an
 * inherited one, {@code ["CMD", args...]} or {@code ["CMD-SHELL", script]} runs one. Durations are nanoseconds;
 * 0 means Docker's default. An empty test means no health check is set, and is left out of the JSON.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record HealthConfig(
        @JsonProperty("Test") List<String> test,
        @JsonProperty("Interval") long interval,
        @JsonProperty("Timeout") long timeout,
        @JsonProperty("StartPeriod") long startPeriod,
        @JsonProperty("StartInterval") long startInterval,
        @JsonProperty("Retries") int retries) {
    public static final HealthConfig UNSET = new HealthConfig(List.of(), 0, 0, 0, 0, 0);

    public HealthConfig {
        test = test == null ? List.of() : List.copyOf(test);
    }

    /** Jackson's filter for {@code JsonInclude.Include.CUSTOM}: true (leave out) when no health check is set. */
    public static final class UnsetFilter {
        @Override
        public boolean equals(Object value) {
            return value == null || UNSET.equals(value);
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
