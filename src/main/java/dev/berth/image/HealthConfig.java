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

    /**
     * This health check (a container create request's) completed from {@code base} (its image's) as dockerd's
     * {@code merge} does: the test and every non-zero field are this one's, the rest are the base's. Without a
     * base health check, this one is taken as it is.
     */
    public HealthConfig over(HealthConfig base) {
        if (equals(UNSET) || base.equals(UNSET)) {
            return equals(UNSET) ? base : this;
        }
        return new HealthConfig(test.isEmpty() ? base.test : test, interval != 0 ? interval : base.interval,
                timeout != 0 ? timeout : base.timeout, startPeriod != 0 ? startPeriod : base.startPeriod,
                startInterval != 0 ? startInterval : base.startInterval, retries != 0 ? retries : base.retries);
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
