package dev.berth.compose;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the merged tree of a project's files into the model: checks every key (unknown ones, and ones Compose
 * defines but Berth does not support yet, are errors), converts values, applies Compose's defaults, resolves
 * relative paths against the project directory, reads env files, config and secret contents. Services are read by
 * {@link ServiceReader}, the rest here; rules of the whole project are {@link ComposeProject}'s, and their
 * violations get the file that wrote the offending key.
 */
final class ProjectReader {
    private static final Set<String> TOP = Set.of("version", "name", "services", "networks", "volumes", "configs", "secrets");
    private static final Set<String> TOP_UNSUPPORTED = Set.of("include", "models");

    private final ProjectContext context;
    private final Optional<String> projectName;
    private final ServiceReader services;

    ProjectReader(ProjectContext context, Optional<String> projectName) {
        this.context = context;
        this.projectName = projectName;
        this.services = new ServiceReader(context);
    }

    ComposeProject read(YamlNode.Mapping merged) {
        Section top = Section.of(merged, KeyPath.root(merged.origin())).allow(TOP, TOP_UNSUPPORTED);
        if (top.node("version").isPresent()) {
            context.warnings().accept(top.at("version").file() + ": the attribute `version` is obsolete, it will be ignored");
        }
        String name = projectName(top);
        Map<String, Service> services = top.section("services").named(this.services::read);
        Map<String, ProjectNetwork> networks = top.section("networks").named((key, s) -> network(name, key, s));
        if (!networks.containsKey(ComposeProject.DEFAULT_NETWORK)
                && services.values().stream().anyMatch(s -> s.networks().containsKey(ComposeProject.DEFAULT_NETWORK))) {
            networks.put(ComposeProject.DEFAULT_NETWORK, new ProjectNetwork(name + "_" + ComposeProject.DEFAULT_NETWORK, false, false,
                    List.of(), Map.of()));
        }
        Map<String, ProjectVolume> volumes = top.section("volumes").named((key, s) -> volume(name, key, s));
        Map<String, ProjectFile> configs = top.section("configs").named((key, s) -> projectFile(name, key, s, false));
        Map<String, ProjectFile> secrets = top.section("secrets").named((key, s) -> projectFile(name, key, s, true));
        try {
            return new ComposeProject(name, services, networks, volumes, configs, secrets);
        } catch (ComposeProject.Violation violation) {
            throw locate(merged, violation);
        }
    }

    private String projectName(Section top) {
        if (projectName.isPresent()) {
            return ProjectName.check(projectName.get());
        }
        if (top.node("name").isPresent()) {
            return top.at("name").check(() -> ProjectName.check(top.text("name", "")));
        }
        Path directory = context.directory().getFileName();
        return ProjectName.fromDirectory(directory == null ? "" : directory.toString());
    }

    private static ProjectNetwork network(String project, String key, Section network) {
        network.allow(Set.of("name", "driver", "internal", "ipam", "labels", "external"), Set.of("driver_opts", "attachable",
                "enable_ipv4", "enable_ipv6"));
        String driver = network.text("driver", "bridge");
        if (!driver.equals("bridge")) {
            throw Section.unsupported(network.at("driver"), "driver \"" + driver + "\" (Berth's networks are bridges)");
        }
        Section ipam = network.section("ipam").allow(Set.of("config"), Set.of("driver", "options"));
        List<ProjectNetwork.Subnet> subnets = ipam.items("config", (node, at) -> {
            Section config = Section.of(node, at).allow(Set.of("subnet", "gateway"), Set.of("ip_range", "aux_addresses"));
            return List.of(at.check(() -> new ProjectNetwork.Subnet(config.text("subnet", ""), config.text("gateway", ""))));
        });
        boolean external = external(network);
        return network.at().check(() -> new ProjectNetwork(resourceName(project, key, network, external), external,
                network.bool("internal", false), subnets, network.stringMap("labels")));
    }

    private static ProjectVolume volume(String project, String key, Section volume) {
        volume.allow(Set.of("name", "driver", "external", "labels"), Set.of("driver_opts"));
        volume.requireDefault("driver", "local");
        boolean external = external(volume);
        return volume.at().check(() -> new ProjectVolume(resourceName(project, key, volume, external), external, volume.stringMap("labels")));
    }

    /** {@code external: true}, or the legacy {@code external: {name: ...}}. */
    private static boolean external(Section resource) {
        if (resource.node("external").filter(YamlNode.Mapping.class::isInstance).isPresent()) {
            resource.section("external").allow(Set.of("name"), Set.of());
            return true;
        }
        return resource.bool("external", false);
    }

    /** {@code name:} (or a legacy {@code external.name}), else the key for external resources, else {@code <project>_<key>}. */
    private static String resourceName(String project, String key, Section resource, boolean external) {
        String legacy = resource.node("external").filter(YamlNode.Mapping.class::isInstance)
                .map(node -> resource.section("external").text("name", "")).orElse("");
        String name = resource.text("name", legacy);
        return !name.isEmpty() ? name : external ? key : project + "_" + key;
    }

    private ProjectFile projectFile(String project, String key, Section file, boolean secret) {
        file.allow(secret ? Set.of("name", "file", "environment") : Set.of("name", "file", "environment", "content"),
                secret ? Set.of("external", "labels", "driver", "driver_opts", "template_driver")
                        : Set.of("external", "labels", "template_driver"));
        List<String> sources = file.entries().keySet().stream().filter(Set.of("file", "environment", "content")::contains).toList();
        if (sources.size() != 1) {
            throw file.at().invalid("give exactly one of " + (secret ? "file or environment" : "file, environment or content"));
        }
        String source = sources.getFirst();
        String value = file.text(source, "");
        byte[] content = switch (source) {
            case "file" -> read(Path.of(context.hostPath(value, file.at(source))), file.at(source));
            case "environment" -> context.variables().apply(value).orElseThrow(() -> file.at(source).invalid("variable " + value + " is not set"))
                    .getBytes(StandardCharsets.UTF_8);
            default -> value.getBytes(StandardCharsets.UTF_8);
        };
        String name = file.text("name", project + "_" + key);
        return file.at().check(() -> new ProjectFile(name, content));
    }

    private static byte[] read(Path file, KeyPath at) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw at.invalid("no such file " + file);
        } catch (IOException e) {
            throw at.invalid("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The violation with the file that wrote the deepest node of its path. */
    private static BerthException locate(YamlNode.Mapping merged, ComposeProject.Violation violation) {
        YamlNode node = merged;
        for (String part : violation.path()) {
            YamlNode next = switch (node) {
                case YamlNode.Mapping mapping -> mapping.entries().get(part);
                case YamlNode.Sequence list when part.startsWith("[") -> {
                    int index = Integer.parseInt(part.substring(1, part.length() - 1));
                    yield index < list.items().size() ? list.items().get(index) : null;
                }
                default -> null;
            };
            if (next == null) {
                break;
            }
            node = next;
        }
        return new KeyPath(node.origin(), ComposeProject.Violation.render(violation.path())).invalid(violation.problem());
    }
}
