package dev.berth.orchestrate;

import dev.berth.compose.BerthOptions;
import dev.berth.compose.Deploy;
import dev.berth.compose.FileMount;
import dev.berth.compose.Healthcheck;
import dev.berth.compose.MountType;
import dev.berth.compose.PortMapping;
import dev.berth.compose.Service;
import dev.berth.compose.ServiceNetwork;
import dev.berth.compose.VolumeMount;
import dev.berth.engine.AttachedStreams;
import dev.berth.engine.CreateContainer;
import dev.berth.engine.EndpointSettings;
import dev.berth.engine.HostSettings;
import dev.berth.engine.RestartPolicy;
import dev.berth.image.HealthConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a stored service into the plan its replicas are made from: Compose's keys become a container template
 * (Docker's create request), its {@code deploy} keys become the restart rule and rollout.
 */
final class ServicePlans {
    private final StackFiles files;

    ServicePlans(StackFiles files) {
        this.files = files;
    }

    ServicePlan plan(ServiceRecord record) {
        ServiceDefinition d = ServiceDefinition.parse(record.spec());
        Service s = d.service();
        Deploy.UpdateConfig rollout = record.state().rollingBack() ? s.deploy().rollbackConfig() : s.deploy().updateConfig();
        return new ServicePlan(record.stack(), s.name(), record.replicas(), d.version(), restart(d),
                new Rollout(rollout.parallelism(), rollout.delay(), Rollout.FailureAction.valueOf(rollout.failureAction().name()),
                        rollout.monitor(), rollout.maxFailureRatio(), rollout.order() == Deploy.Order.START_FIRST),
                s.stopGracePeriod(), template(record.stack(), d), awaited(s), new Reservations(
                        s.deploy().resources().reservations().nanoCpus(), s.deploy().resources().reservations().memoryBytes()));
    }

    private static Map<String, ServicePlan.Awaited> awaited(Service s) {
        Map<String, ServicePlan.Awaited> out = new LinkedHashMap<>();
        s.dependsOn().forEach((name, dep) -> out.put(name, switch (dep.condition()) {
            case SERVICE_STARTED -> ServicePlan.Awaited.STARTED;
            case SERVICE_HEALTHY -> ServicePlan.Awaited.HEALTHY;
            case SERVICE_COMPLETED_SUCCESSFULLY -> ServicePlan.Awaited.COMPLETED;
        }));
        return out;
    }

    /**
     * {@code deploy.restart_policy}, as {@code docker stack deploy} uses it; under {@code compose up} the
     * container's {@code restart} key, as Compose uses it, unless the file sets a restart policy of its own.
     */
    static RestartRule restart(ServiceDefinition d) {
        Deploy.RestartPolicy p = d.service().deploy().restartPolicy();
        if (d.composeMode() && p.equals(Deploy.RestartPolicy.ANY)) {
            RestartPolicy docker = RestartPolicy.parse(d.service().restart());
            RestartRule.Condition c = switch (docker.name()) {
                case "always", "unless-stopped" -> RestartRule.Condition.ANY;
                case "on-failure" -> RestartRule.Condition.ON_FAILURE;
                default -> RestartRule.Condition.NONE;
            };
            return new RestartRule(c, Duration.ZERO, docker.maximumRetryCount(), Duration.ZERO);
        }
        return new RestartRule(RestartRule.Condition.valueOf(p.condition().name()), p.delay(), p.maxAttempts(), p.window());
    }

    private CreateContainer template(String stack, ServiceDefinition d) {
        Service s = d.service();
        List<String> env = new ArrayList<>();
        s.environment().forEach((k, v) -> env.add(k + "=" + v));
        Set<String> exposed = new LinkedHashSet<>(s.expose());
        for (PortMapping p : s.ports()) {
            exposed.add(p.target() + "/" + p.protocol());
        }
        Map<String, EndpointSettings> endpoints = new LinkedHashMap<>();
        s.networks().forEach((key, n) -> endpoints.put(d.networks().get(key), endpoint(s, n)));
        return new CreateContainer("", s.image(), s.command(), s.entrypoint(), s.entrypointSet(), env, s.workingDir(), s.user(), false,
                false, false, AttachedStreams.NONE, s.hostname(), s.labels(), s.stopSignal(), host(stack, d, endpoints.keySet().iterator().next()),
                List.copyOf(exposed), s.volumes().stream().filter(ServicePlans::anonymous).map(VolumeMount::target).toList(), endpoints,
                healthcheck(s.healthcheck()));
    }

    /** Compose's health check in Docker's terms (nanoseconds); an absent one keeps the image's. */
    private static HealthConfig healthcheck(Healthcheck h) {
        return new HealthConfig(h.test(), h.interval().toNanos(), h.timeout().toNanos(), h.startPeriod().toNanos(),
                h.startInterval().toNanos(), h.retries());
    }

    /** The service's name is an alias on each of its networks, so it resolves to every replica. */
    private static EndpointSettings endpoint(Service s, ServiceNetwork n) {
        Set<String> aliases = new LinkedHashSet<>(n.aliases());
        aliases.add(s.name());
        return EndpointSettings.requested(n.ipv4Address(), List.copyOf(aliases));
    }

    private HostSettings host(String stack, ServiceDefinition d, String firstNetwork) {
        Service s = d.service();
        Deploy.Limits limits = s.deploy().resources().limits();
        BerthOptions berth = s.berth();
        boolean vm = berth.isolation() == BerthOptions.Isolation.VM;
        long memory = vm && berth.memoryBytes() > 0 ? berth.memoryBytes() : limits.memoryBytes();
        long nanoCpus = vm && berth.cpus() > 0 ? berth.cpus() * 1_000_000_000L : limits.nanoCpus();
        List<String> binds = new ArrayList<>();
        Map<String, String> tmpfs = new LinkedHashMap<>();
        for (String t : s.tmpfs()) {
            String[] parts = t.split(":", 2);
            tmpfs.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        for (VolumeMount v : s.volumes()) {
            switch (v.type()) {
                case BIND -> binds.add(v.source() + ":" + v.target() + (v.readOnly() ? ":ro" : ""));
                case VOLUME -> {
                    if (!anonymous(v)) {
                        binds.add(d.volumes().get(v.source()) + ":" + v.target() + (v.readOnly() ? ":ro" : ""));
                    }
                }
                case TMPFS -> tmpfs.put(v.target(), tmpfsOptions(v));
            }
        }
        for (FileMount f : s.configs()) {
            binds.add(files.path(stack, s.name(), "configs", f.source()) + ":" + f.target() + ":ro");
        }
        for (FileMount f : s.secrets()) {
            binds.add(files.path(stack, s.name(), "secrets", f.source()) + ":" + f.target() + ":ro");
        }
        return new HostSettings(memory, 0, nanoCpus, 0, limits.pids(), binds, tmpfs, false, RestartPolicy.NO, false, firstNetwork,
                vm ? "vm" : "", Map.of(), false, List.of(), List.of(), List.of(), List.of(),
                berth.diskSizeBytes() > 0 ? Map.of("size", String.valueOf(berth.diskSizeBytes())) : Map.of());
    }

    private static String tmpfsOptions(VolumeMount v) {
        List<String> options = new ArrayList<>();
        if (v.tmpfsSizeBytes() > 0) {
            options.add("size=" + v.tmpfsSizeBytes());
        }
        if (v.tmpfsMode() > 0) {
            options.add("mode=" + Integer.toOctalString(v.tmpfsMode()));
        }
        return String.join(",", options);
    }

    /** Whether {@code mount} is an anonymous volume: the engine makes one per replica, removed with it. */
    static boolean anonymous(VolumeMount mount) {
        return mount.type() == MountType.VOLUME && mount.source().isEmpty();
    }
}
