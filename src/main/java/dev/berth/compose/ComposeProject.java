package dev.berth.compose;

import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compose project as one validated, resolved model: what {@link ComposeLoader} makes of one or more compose
 * files, what the CLI sends to the daemon as JSON, and what the daemon reads back with Jackson (the constructors
 * check everything again). Every reference is resolved and checked: each service's networks, named volumes,
 * configs, secrets and {@code depends_on} name entries that exist, and dependencies have no cycle. Maps keep the
 * files' order. A {@code default} network is present whenever a service joins it, as Compose creates one.
 *
 * @param name     the project name, as Compose allows them ({@code [a-z0-9][a-z0-9_-]*})
 * @param services the services by name, in the files' order
 * @param networks the networks services join, by key
 * @param volumes  the named volumes, by key
 * @param configs  configs with their content, by key
 * @param secrets  secrets with their content, by key
 */
public record ComposeProject(String name, Map<String, Service> services, Map<String, ProjectNetwork> networks,
                             Map<String, ProjectVolume> volumes, Map<String, ProjectFile> configs, Map<String, ProjectFile> secrets) {
    /** The network a service joins when it names none. */
    public static final String DEFAULT_NETWORK = "default";

    public ComposeProject {
        ProjectName.check(name);
        services = Checks.orderedCopy(services);
        networks = Checks.orderedCopy(networks);
        volumes = Checks.orderedCopy(volumes);
        configs = Checks.orderedCopy(configs);
        secrets = Checks.orderedCopy(secrets);
        if (services.isEmpty()) {
            throw new Violation(List.of("services"), "the project defines no services");
        }
        services.forEach((key, service) -> {
            if (!key.equals(service.name())) {
                throw new Violation(List.of("services", key), "the service under this key is named \"" + service.name() + "\"");
            }
        });
        for (Service service : services.values()) {
            checkReferences(service, services, networks, volumes, configs, secrets);
        }
        startOrder(services);
    }

    /** The services with every service after those it depends on, otherwise in the files' order. */
    public List<Service> servicesInStartOrder() {
        return startOrder(services).stream().map(services::get).toList();
    }

    private static void checkReferences(Service service, Map<String, Service> services, Map<String, ProjectNetwork> networks,
                                        Map<String, ProjectVolume> volumes, Map<String, ProjectFile> configs,
                                        Map<String, ProjectFile> secrets) {
        String name = service.name();
        for (String network : service.networks().keySet()) {
            if (!networks.containsKey(network)) {
                throw new Violation(List.of("services", name, "networks", network),
                        "network \"" + network + "\" is not declared in the top-level networks");
            }
        }
        for (int i = 0; i < service.volumes().size(); i++) {
            VolumeMount mount = service.volumes().get(i);
            if (mount.type() == MountType.VOLUME && !mount.source().isEmpty() && !volumes.containsKey(mount.source())) {
                throw new Violation(List.of("services", name, "volumes", "[" + i + "]"),
                        "volume \"" + mount.source() + "\" is not declared in the top-level volumes");
            }
        }
        checkFiles(name, "configs", service.configs(), configs);
        checkFiles(name, "secrets", service.secrets(), secrets);
        for (String dependency : service.dependsOn().keySet()) {
            if (!services.containsKey(dependency)) {
                throw new Violation(List.of("services", name, "depends_on", dependency),
                        "depends on service \"" + dependency + "\", which the project does not define");
            }
        }
    }

    private static void checkFiles(String service, String key, List<FileMount> mounts, Map<String, ProjectFile> declared) {
        for (int i = 0; i < mounts.size(); i++) {
            String source = mounts.get(i).source();
            if (!declared.containsKey(source)) {
                throw new Violation(List.of("services", service, key, "[" + i + "]"),
                        key.substring(0, key.length() - 1) + " \"" + source + "\" is not declared in the top-level " + key);
            }
        }
    }

    /** Service names, each after its dependencies (depth first, in the files' order); a cycle is a violation. */
    private static List<String> startOrder(Map<String, Service> services) {
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String name : services.keySet()) {
            visit(name, services, new ArrayList<>(), done, order);
        }
        return order;
    }

    private static void visit(String name, Map<String, Service> services, List<String> path, Set<String> done, List<String> order) {
        if (done.contains(name)) {
            return;
        }
        int seen = path.indexOf(name);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(name);
            throw new Violation(List.of("services", cycle.getFirst(), "depends_on"), "dependency cycle: " + String.join(" -> ", cycle));
        }
        path.add(name);
        for (String dependency : services.get(name).dependsOn().keySet()) {
            visit(dependency, services, path, done, order);
        }
        path.removeLast();
        done.add(name);
        order.add(name);
    }

    /** A rule of the whole project broken at a key path; the loader adds the file that wrote the path. */
    static final class Violation extends BerthException {
        private final List<String> path;

        Violation(List<String> path, String message) {
            super(ErrorKind.INVALID_ARGUMENT, render(path) + ": " + message);
            this.path = List.copyOf(path);
        }

        /** The key path, as keys and "[index]" items. */
        List<String> path() {
            return path;
        }

        String problem() {
            return getMessage().substring(render(path).length() + 2);
        }

        static String render(List<String> path) {
            StringBuilder out = new StringBuilder();
            for (String part : path) {
                out.append(out.isEmpty() || part.startsWith("[") ? "" : ".").append(part);
            }
            return out.toString();
        }
    }
}
