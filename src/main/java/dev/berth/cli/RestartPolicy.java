package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import java.util.Set;

/** {@code --restart no|always|unless-stopped|on-failure[:N]}, as HostConfig.RestartPolicy. */
record RestartPolicy(String name, int maximumRetryCount) {
    private static final Set<String> NAMES = Set.of("no", "always", "unless-stopped", "on-failure");

    RestartPolicy {
        if (!NAMES.contains(name)) {
            throw BerthException.invalid("invalid restart policy '" + name + "' (want no, always, unless-stopped or on-failure[:N])");
        }
        if (maximumRetryCount < 0) {
            throw BerthException.invalid("invalid restart policy: maximum retry count cannot be negative");
        }
        if (maximumRetryCount > 0 && !name.equals("on-failure")) {
            throw BerthException.invalid("invalid restart policy '" + name + ":" + maximumRetryCount
                    + "': maximum retry count can only be used with 'on-failure'");
        }
    }

    static RestartPolicy parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new RestartPolicy(text, 0);
        }
        String count = text.substring(colon + 1);
        try {
            return new RestartPolicy(text.substring(0, colon), Integer.parseInt(count));
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid restart policy '" + text + "': maximum retry count must be a number, not '" + count + "'");
        }
    }

    boolean restarts() {
        return !name.equals("no");
    }

    ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("Name", name);
        node.put("MaximumRetryCount", maximumRetryCount);
        return node;
    }
}
