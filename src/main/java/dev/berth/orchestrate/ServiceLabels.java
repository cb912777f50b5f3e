package dev.berth.orchestrate;

import dev.berth.engine.Container;
import java.util.Map;
import java.util.Optional;

/**
 * The labels that tie a container to its stack and service. They are Docker Compose's own, so tools that read
 * Compose's labels (and {@code docker compose ps} habits such as {@code --filter label=...}) see Berth's
 * replicas as Compose's.
 */
public final class ServiceLabels {
    public static final String PROJECT = "com.docker.compose.project";
    public static final String SERVICE = "com.docker.compose.service";
    public static final String NUMBER = "com.docker.compose.container-number";
    public static final String CONFIG_HASH = "com.docker.compose.config-hash";
    public static final String ONEOFF = "com.docker.compose.oneoff";

    private ServiceLabels() {}

    public static Map<String, String> of(ServicePlan plan, int slot) {
        return Map.of(PROJECT, plan.stack(), SERVICE, plan.service(), NUMBER, String.valueOf(slot), CONFIG_HASH, plan.version(),
                ONEOFF, "False");
    }

    public static boolean inStack(Container c, String stack) {
        return stack.equals(c.config().labels().get(PROJECT));
    }

    public static boolean inService(Container c, String stack, String service) {
        return inStack(c, stack) && service.equals(c.config().labels().get(SERVICE));
    }

    /** The replica number of a service's container; empty for containers that lack or garble it. */
    public static Optional<Integer> slot(Container c) {
        try {
            return Optional.of(Integer.parseInt(c.config().labels().getOrDefault(NUMBER, "")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
