package dev.berth.compose;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Reads a service's {@code deploy} section into a {@link Deploy}. */
final class DeployReader {
    private DeployReader() {}

    static Deploy read(Section deploy, Optional<Deploy.RestartPolicy> fromRestart) {
        deploy.allow(Set.of("replicas", "resources", "restart_policy", "update_config", "rollback_config", "labels", "mode",
                "endpoint_mode"), Set.of("placement"));
        deploy.requireDefault("mode", "replicated");
        deploy.requireDefault("endpoint_mode", "vip");
        Section resources = deploy.section("resources").allow(Set.of("limits", "reservations"), Set.of());
        Section restart = deploy.section("restart_policy").allow(Set.of("condition", "delay", "max_attempts", "window"), Set.of());
        Deploy.RestartPolicy restartPolicy = deploy.node("restart_policy").isEmpty() ? fromRestart.orElse(Deploy.RestartPolicy.ANY)
                : restart.at().check(() -> new Deploy.RestartPolicy(
                        restart.keyword("condition", Deploy.RestartCondition.class, Deploy.RestartCondition.ANY),
                        restart.duration("delay", Duration.ZERO), restart.integer("max_attempts", 0), restart.duration("window", Duration.ZERO)));
        return deploy.at().check(() -> new Deploy(deploy.integer("replicas", 1),
                new Deploy.Resources(limits(resources.section("limits")), limits(resources.section("reservations"))), restartPolicy,
                updateConfig(deploy.section("update_config")), updateConfig(deploy.section("rollback_config")), deploy.stringMap("labels")));
    }

    /** deploy.restart_policy as the service's {@code restart} implies it (deploy.md: "consider restart"). */
    static Deploy.RestartPolicy restartPolicy(String restart) {
        String[] nameAndCount = Service.checkRestart(restart).split(":", 2);
        Deploy.RestartCondition condition = switch (nameAndCount[0]) {
            case "no" -> Deploy.RestartCondition.NONE;
            case "on-failure" -> Deploy.RestartCondition.ON_FAILURE;
            default -> Deploy.RestartCondition.ANY;
        };
        int attempts = nameAndCount.length == 2 ? Integer.parseInt(nameAndCount[1]) : 0;
        return new Deploy.RestartPolicy(condition, Duration.ZERO, attempts, Duration.ZERO);
    }

    private static Deploy.Limits limits(Section limits) {
        limits.allow(Set.of("cpus", "memory", "pids"), Set.of("devices", "generic_resources"));
        long nanoCpus = limits.node("cpus").map(node -> {
            String text = Section.text(node, limits.at("cpus"));
            try {
                return new BigDecimal(text).movePointRight(9).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw limits.at("cpus").invalid("invalid cpus \"" + text + "\": give a number of CPUs such as 0.5 or 2");
            }
        }).orElse(0L);
        return limits.at().check(() -> new Deploy.Limits(nanoCpus, limits.bytes("memory"), limits.integer("pids", 0)));
    }

    private static Deploy.UpdateConfig updateConfig(Section update) {
        update.allow(Set.of("parallelism", "delay", "failure_action", "monitor", "max_failure_ratio", "order"), Set.of());
        double ratio = update.node("max_failure_ratio").map(node -> {
            String text = Section.text(node, update.at("max_failure_ratio"));
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw update.at("max_failure_ratio").invalid("expected a number between 0 and 1, got \"" + text + "\"");
            }
        }).orElse(0.0);
        return update.at().check(() -> new Deploy.UpdateConfig(update.integer("parallelism", 1), update.duration("delay", Duration.ZERO),
                update.keyword("failure_action", Deploy.FailureAction.class, Deploy.FailureAction.PAUSE), update.duration("monitor",
                Duration.ZERO), ratio, update.keyword("order", Deploy.Order.class, Deploy.Order.STOP_FIRST)));
    }
}
