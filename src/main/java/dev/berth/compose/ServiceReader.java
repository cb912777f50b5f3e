package dev.berth.compose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads one service of the merged tree into a {@link Service}, key by key. */
final class ServiceReader {
    private static final Set<String> SUPPORTED = Set.of("image", "build", "command", "entrypoint", "environment", "env_file", "ports",
            "expose", "volumes", "tmpfs", "networks", "depends_on", "healthcheck", "restart", "user", "working_dir", "hostname",
            "labels", "stop_grace_period", "stop_signal", "deploy", "configs", "secrets", "x-berth");
    /** The compose-spec schema's other service keys. */
    private static final Set<String> UNSUPPORTED = Set.of("develop", "annotations", "attach", "blkio_config", "cap_add",
            "cap_drop", "cgroup", "cgroup_parent", "container_name", "cpu_count", "cpu_percent", "cpu_shares", "cpu_quota", "cpu_period",
            "cpu_rt_period", "cpu_rt_runtime", "cpus", "cpuset", "credential_spec", "device_cgroup_rules", "devices", "dns", "dns_opt",
            "dns_search", "domainname", "label_file", "extends", "provider", "external_links", "extra_hosts", "gpus", "group_add", "init",
            "ipc", "isolation", "links", "logging", "mac_address", "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit",
            "network_mode", "models", "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "post_start", "pre_stop",
            "privileged", "profiles", "pull_policy", "pull_refresh_after", "read_only", "runtime", "scale", "security_opt", "shm_size",
            "sysctls", "stdin_open", "storage_opt", "tty", "ulimits", "use_api_socket", "uts", "userns_mode", "volumes_from");

    private final ProjectContext context;

    ServiceReader(ProjectContext context) {
        this.context = context;
    }

    Service read(String name, Section s) {
        s.allow(SUPPORTED, UNSUPPORTED);
        Service.Builder service = Service.builder(name).image(s.text("image", ""));
        s.node("build").ifPresent(node -> service.build(build(Section.of(node, s.at("build")))));
        s.node("command").ifPresent(node -> service.command(commandLine(node, s.at("command"))));
        s.node("entrypoint").ifPresent(node -> service.entrypoint(commandLine(node, s.at("entrypoint")), true));
        service.environment(environment(s));
        service.ports(s.items("ports", this::port));
        service.expose(s.items("expose", (node, at) -> at.check(() -> PortSyntax.exposed(Section.text(node, at)))));
        service.volumes(s.items("volumes", (node, at) -> List.of(volumeMount(Section.of(node, at)))));
        service.tmpfs(s.strings("tmpfs"));
        Map<String, ServiceNetwork> networks = s.section("networks").named((key, n) -> serviceNetwork(n));
        service.networks(networks.isEmpty() ? Map.of(ComposeProject.DEFAULT_NETWORK, ServiceNetwork.PLAIN) : networks);
        service.dependsOn(s.section("depends_on").named((key, d) -> dependency(d)));
        s.node("healthcheck").ifPresent(node -> service.healthcheck(healthcheck(Section.of(node, s.at("healthcheck")))));
        String restart = s.text("restart", "no");
        service.restart(restart).user(s.text("user", "")).workingDir(s.text("working_dir", "")).hostname(s.text("hostname", ""))
                .labels(s.stringMap("labels")).stopGracePeriod(s.duration("stop_grace_period", Service.DEFAULT_STOP_GRACE_PERIOD))
                .stopSignal(s.text("stop_signal", ""));
        service.deploy(DeployReader.read(s.section("deploy"),
                s.node("restart").map(node -> s.at("restart").check(() -> DeployReader.restartPolicy(restart)))));
        service.configs(s.items("configs", (node, at) -> List.of(fileMount(Section.of(node, at), FileMount.CONFIG_MODE))));
        service.secrets(s.items("secrets", (node, at) -> List.of(fileMount(Section.of(node, at), FileMount.SECRET_MODE))));
        service.berth(berthOptions(s.section("x-berth")));
        return s.at().check(service::build);
    }

    private Build build(Section build) {
        build.allow(Set.of("context", "dockerfile", "args", "target"), Set.of("dockerfile_inline", "entitlements", "ssh", "labels",
                "cache_from", "cache_to", "no_cache", "additional_contexts", "network", "pull", "shm_size", "extra_hosts", "isolation",
                "privileged", "secrets", "tags", "ulimits", "platforms"));
        String buildContext = build.text("context", ".");
        if (buildContext.contains("://") || buildContext.startsWith("git@")) {
            throw Section.unsupported(build.at("context"), "a remote build context");
        }
        Map<String, String> args = new LinkedHashMap<>();
        build.section("args").entries().forEach((name, value) -> resolved(name, value, build.at("args").key(name, value))
                .ifPresent(v -> args.put(name, v)));
        return build.at().check(() -> new Build(context.hostPath(buildContext, build.at()), build.text("dockerfile", "Dockerfile"), args,
                build.text("target", "")));
    }

    /** A command as a list, or its string form split into words as Compose does; an empty one clears. */
    private static List<String> commandLine(YamlNode node, KeyPath at) {
        if (node instanceof YamlNode.Scalar scalar) {
            return at.check(() -> CommandLine.split(scalar.text()));
        }
        if (!(node instanceof YamlNode.Sequence list)) {
            throw at.invalid("expected a string or a list of strings, got " + node.kind());
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            words.add(Section.text(list.items().get(i), at.index(i, list.items().get(i))));
        }
        return words;
    }

    /** The env files' variables in order, then {@code environment} on top; a name without value takes the caller's. */
    private Map<String, String> environment(Section s) {
        Map<String, String> environment = new LinkedHashMap<>();
        List<YamlNode> envFiles = s.list("env_file");
        for (int i = 0; i < envFiles.size(); i++) {
            KeyPath at = s.at("env_file").index(i, envFiles.get(i));
            Section entry = envFiles.get(i) instanceof YamlNode.Scalar path
                    ? Section.of(new YamlNode.Mapping(Map.of("path", path), path.origin(), YamlNode.MergeTag.NONE), at)
                    : Section.of(envFiles.get(i), at).allow(Set.of("path", "required"), Set.of("format"));
            String path = entry.text("path", "");
            if (path.isEmpty()) {
                throw at.invalid("an env_file entry needs a path");
            }
            Path file = Path.of(context.hostPath(path, at));
            if (entry.bool("required", true) || Files.exists(file)) {
                environment.putAll(at.check(() -> DotEnv.read(file, path, context.variables(), context.warnings())));
            }
        }
        Section variablesSection = s.section("environment");
        variablesSection.entries().forEach((name, value) -> resolved(name, value, variablesSection.at().key(name, value))
                .ifPresentOrElse(v -> environment.put(name, v), () -> environment.remove(name)));
        return environment;
    }

    /** A variable's value, or for a name without one the caller's variable of that name. */
    private Optional<String> resolved(String name, YamlNode value, KeyPath at) {
        return value instanceof YamlNode.Null ? context.variables().apply(name) : Optional.of(Section.text(value, at));
    }

    private List<PortMapping> port(YamlNode node, KeyPath at) {
        Section port = Section.of(node, at).allow(Set.of("target", "published", "host_ip", "protocol", "mode"), Set.of("name", "app_protocol"));
        String mode = port.text("mode", "ingress");
        if (!mode.equals("ingress")) {
            throw Section.unsupported(port.at("mode"), "mode \"" + mode + "\" (Berth publishes every port through its load balancer)");
        }
        if (port.node("target").isEmpty()) {
            throw at.invalid("a port needs a target");
        }
        int target = port.integer("target", 0);
        return List.of(at.check(() -> new PortMapping(port.text("host_ip", ""), port.text("published", ""), target,
                port.text("protocol", "tcp"))));
    }

    private VolumeMount volumeMount(Section volume) {
        volume.allow(Set.of("type", "source", "target", "read_only", "bind", "volume", "tmpfs"), Set.of("consistency", "image"));
        String typeName = volume.text("type", "");
        if (Set.of("cluster", "npipe", "image").contains(typeName)) {
            throw Section.unsupported(volume.at("type"), "type \"" + typeName + "\"");
        }
        if (typeName.isEmpty()) {
            throw volume.at().invalid("a volume needs a type: bind, volume or tmpfs");
        }
        MountType type = volume.keyword("type", MountType.class, MountType.VOLUME);
        String source = volume.text("source", "");
        if (type == MountType.BIND) {
            if (source.isEmpty()) {
                throw volume.at().invalid("a bind mount needs a source");
            }
            source = context.hostPath(source, volume.at("source"));
        }
        Section bind = volume.section("bind").allow(Set.of("create_host_path"), Set.of("propagation", "recursive", "selinux"));
        Section named = volume.section("volume").allow(Set.of("nocopy"), Set.of("labels", "subpath"));
        Section tmpfs = volume.section("tmpfs").allow(Set.of("size", "mode"), Set.of());
        String mountSource = source;
        return volume.at().check(() -> new VolumeMount(type, mountSource, volume.text("target", ""), volume.bool("read_only", false),
                bind.bool("create_host_path", false), named.bool("nocopy", false), tmpfs.bytes("size"), tmpfs.octal("mode", 0)));
    }

    private static ServiceNetwork serviceNetwork(Section network) {
        network.allow(Set.of("aliases", "ipv4_address"), Set.of("interface_name", "ipv6_address", "link_local_ips", "mac_address",
                "driver_opts", "priority", "gw_priority"));
        return network.at().check(() -> new ServiceNetwork(network.strings("aliases"), network.text("ipv4_address", "")));
    }

    private static Dependency dependency(Section dependency) {
        dependency.allow(Set.of("condition", "required", "restart"), Set.of());
        return new Dependency(dependency.keyword("condition", Dependency.Condition.class, Dependency.Condition.SERVICE_STARTED),
                dependency.bool("required", true), dependency.bool("restart", false));
    }

    private static Healthcheck healthcheck(Section check) {
        check.allow(Set.of("test", "interval", "timeout", "start_period", "start_interval", "retries", "disable"), Set.of());
        List<String> test = check.node("test").map(node -> node instanceof YamlNode.Scalar shell
                ? List.of("CMD-SHELL", shell.text()) : commandLine(node, check.at("test"))).orElse(List.of());
        if (check.bool("disable", false)) {
            if (!test.isEmpty() && !test.equals(List.of("NONE"))) {
                throw check.at("disable").invalid("a disabled healthcheck takes no test");
            }
            test = List.of("NONE");
        }
        List<String> finalTest = test;
        return check.at().check(() -> new Healthcheck(finalTest, check.duration("interval", Duration.ZERO),
                check.duration("timeout", Duration.ZERO), check.duration("start_period", Duration.ZERO),
                check.duration("start_interval", Duration.ZERO), check.integer("retries", 0)));
    }

    private static FileMount fileMount(Section mount, int defaultMode) {
        mount.allow(Set.of("source", "target", "uid", "gid", "mode"), Set.of());
        if (mount.node("source").isEmpty()) {
            throw mount.at().invalid("a config or secret entry needs a source");
        }
        return mount.at().check(() -> new FileMount(mount.text("source", ""), mount.text("target", ""), mount.integer("uid", 0),
                mount.integer("gid", 0), mount.octal("mode", defaultMode)));
    }

    private static BerthOptions berthOptions(Section options) {
        options.allow(Set.of("isolation", "cpus", "memory", "disk_size", "load_balancer"), Set.of());
        return options.at().check(() -> new BerthOptions(options.keyword("isolation", BerthOptions.Isolation.class,
                BerthOptions.Isolation.CONTAINER), options.integer("cpus", 0), options.bytes("memory"), options.bytes("disk_size"),
                options.keyword("load_balancer", BerthOptions.Balancing.class, BerthOptions.Balancing.ROUND_ROBIN)));
    }
}
