package dev.berth.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.common.BerthException;

/**
 * Docker's restart policies: {@code no}, {@code on-failure[:N]}, {@code always}, {@code unless-stopped}.
 *
 * @param name              the policy; "" is read as "no"
 * @param maximumRetryCount for on-failure: restarts allowed, 0 for unlimited
 */
public record RestartPolicy(@JsonProperty("Name") String name, @JsonProperty("MaximumRetryCount") int maximumRetryCount) {
    public static final RestartPolicy NO = new RestartPolicy("no", 0);

    public RestartPolicy {
        name = name == null || name.isEmpty() ? "no" : name;
        switch (name) {
            case "no", "always", "unless-stopped" -> {
                if (maximumRetryCount != 0) {
                    throw BerthException.invalid("invalid restart policy: maximum retry count can only be used with 'on-failure'");
                }
            }
            case "on-failure" -> {
                if (maximumRetryCount < 0) {
                    throw BerthException.invalid("invalid restart policy: maximum retry count cannot be negative");
                }
            }
            default -> throw BerthException.invalid("invalid restart policy '" + name + "'"); // dockerd's words
        }
    }

    /** Parses the CLI form, e.g. {@code on-failure:3}. */
    public static RestartPolicy parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new RestartPolicy(text, 0);
        }
        try {
            return new RestartPolicy(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid restart policy '" + text + "': retry count must be a number");
        }
    }

    /**
     * Whether a container that ended with {@code exitCode} after {@code restarts} restarts should run again.
     * A container the user stopped never restarts by itself.
     */
    public boolean shouldRestart(int exitCode, int restarts, boolean stoppedByUser) {
        if (stoppedByUser) {
            return false;
        }
        return switch (name) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> exitCode != 0 && (maximumRetryCount == 0 || restarts < maximumRetryCount);
            default -> false;
        };
    }
}
