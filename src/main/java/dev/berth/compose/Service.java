package dev.berth.compose;

import dev.berth.common.BerthException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One service of a compose project, resolved: variables interpolated, files merged, short syntaxes expanded,
 * relative paths made absolute against the project directory, {@code env_file}s read into {@code environment}.
 * Empty strings and lists mean "what the image says" (image, command, user, working directory, hostname, stop
 * signal); {@link Build#NONE}, {@link Healthcheck#INHERITED} and {@link BerthOptions#DEFAULT} stand for absent keys.
 *
 * @param name            the service's key in {@code services}
 * @param image           the image to run, or the tag a build produces; "" when only {@code build} is given
 * @param build           how to build the image
 * @param command         the command, replacing the image's CMD; empty keeps the image's
 * @param entrypoint      the entrypoint, replacing the image's when {@code entrypointSet}
 * @param entrypointSet   whether the file sets {@code entrypoint} (an empty one clears the image's)
 * @param environment     variables: {@code env_file}s first, then {@code environment} on top; a name without a
 *                        value took the caller's environment, or was dropped when that has none
 * @param ports           published ports
 * @param expose          ports open to other services only, as Docker's keys ({@code 80/tcp})
 * @param volumes         binds, volumes and tmpfs mounts
 * @param tmpfs           the {@code tmpfs} key's mounts, {@code /path[:options]}
 * @param networks        the networks joined, by key of the project's networks; {@code default} when none is given
 * @param dependsOn       services to start first, by name, in the file's order
 * @param healthcheck     the health check
 * @param restart         Docker's restart policy for a single container: no, always, on-failure[:N], unless-stopped
 * @param user            user[:group] to run as
 * @param workingDir      the working directory, absolute
 * @param hostname        the hostname
 * @param labels          labels of each replica
 * @param stopGracePeriod how long a replica may take to stop before it is killed (Compose's default: 10s)
 * @param stopSignal      the signal that asks a replica to stop
 * @param deploy          replicas, resources, restart policy, update and rollback
 * @param configs         configs mounted as files
 * @param secrets         secrets mounted as files
 * @param berth           Berth's own options ({@code x-berth}): container or VM
 */
public record Service(String name, String image, Build build, List<String> command, List<String> entrypoint, boolean entrypointSet,
                      Map<String, String> environment, List<PortMapping> ports, List<String> expose, List<VolumeMount> volumes,
                      List<String> tmpfs, Map<String, ServiceNetwork> networks, Map<String, Dependency> dependsOn,
                      Healthcheck healthcheck, String restart, String user, String workingDir, String hostname,
                      Map<String, String> labels, Duration stopGracePeriod, String stopSignal, Deploy deploy, List<FileMount> configs,
                      List<FileMount> secrets, BerthOptions berth) {
    public static final Duration DEFAULT_STOP_GRACE_PERIOD = Duration.ofSeconds(10);
    private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(:\\d{1,9})?");
    private static final Pattern EXPOSED = Pattern.compile("\\d{1,5}/(tcp|udp)");

    public Service {
        Checks.resourceName(name, "service");
        Objects.requireNonNull(build, "build");
        if (image.isEmpty() && !build.present()) {
            throw BerthException.invalid("service \"" + name + "\" has neither image nor build: say which image it runs or how to build it");
        }
        command = List.copyOf(command);
        entrypoint = List.copyOf(entrypoint);
        if (!entrypoint.isEmpty() && !entrypointSet) {
            throw BerthException.invalid("an entrypoint is given but entrypointSet is false");
        }
        environment = Checks.orderedCopy(environment);
        environment.keySet().forEach(Service::checkVariableName);
        ports = List.copyOf(ports);
        expose = List.copyOf(expose);
        expose.forEach(port -> {
            if (!EXPOSED.matcher(port).matches()) {
                throw BerthException.invalid("invalid exposed port \"" + port + "\": want port/protocol, e.g. 80/tcp");
            }
        });
        volumes = List.copyOf(volumes);
        tmpfs = List.copyOf(tmpfs);
        tmpfs.forEach(mount -> Checks.absolutePath(mount.split(":", 2)[0], "tmpfs mount"));
        networks = Checks.orderedCopy(networks);
        if (networks.isEmpty()) {
            throw BerthException.invalid("service \"" + name + "\" joins no network");
        }
        dependsOn = Checks.orderedCopy(dependsOn);
        if (dependsOn.containsKey(name)) {
            throw BerthException.invalid("service \"" + name + "\" depends on itself");
        }
        Objects.requireNonNull(healthcheck, "healthcheck");
        checkRestart(restart);
        Objects.requireNonNull(user, "user");
        if (!workingDir.isEmpty()) {
            Checks.absolutePath(workingDir, "working_dir");
        }
        Objects.requireNonNull(hostname, "hostname");
        labels = Checks.orderedCopy(labels);
        Checks.notNegative(stopGracePeriod, "stop_grace_period");
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(deploy, "deploy");
        configs = List.copyOf(configs);
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(berth, "berth");
        requireDistinctMountPoints(volumes, tmpfs, configs, secrets);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this service's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(name).image(image).build(build).command(command).entrypoint(entrypoint, entrypointSet)
                .environment(environment).ports(ports).expose(expose).volumes(volumes).tmpfs(tmpfs).networks(networks)
                .dependsOn(dependsOn).healthcheck(healthcheck).restart(restart).user(user).workingDir(workingDir).hostname(hostname)
                .labels(labels).stopGracePeriod(stopGracePeriod).stopSignal(stopSignal).deploy(deploy).configs(configs)
                .secrets(secrets).berth(berth);
    }

    /** Checks Docker's restart policy syntax: no, always, on-failure[:max-retries], unless-stopped. */
    static String checkRestart(String restart) {
        if (!RESTART.matcher(restart).matches()) {
            throw BerthException.invalid("invalid restart policy \"" + restart + "\": use no, always, on-failure[:max-retries] or unless-stopped");
        }
        return restart;
    }

    private static void checkVariableName(String variable) {
        if (variable.isEmpty() || variable.contains("=")) {
            throw BerthException.invalid("invalid environment variable name \"" + variable + "\"");
        }
    }

    private static void requireDistinctMountPoints(List<VolumeMount> volumes, List<String> tmpfs, List<FileMount> configs,
                                                   List<FileMount> secrets) {
        List<String> targets = new ArrayList<>();
        volumes.forEach(v -> targets.add(v.target()));
        tmpfs.forEach(t -> targets.add(t.split(":", 2)[0]));
        configs.forEach(c -> targets.add(c.target()));
        secrets.forEach(s -> targets.add(s.target()));
        Set<String> seen = new HashSet<>();
        for (String target : targets) {
            if (!seen.add(target)) {
                throw BerthException.invalid("two mounts at " + target + ": each volume, tmpfs, config and secret needs its own target");
            }
        }
    }

    /** Builds a {@link Service}; what is not set is what an absent key means (one replica on the default network). */
    public static final class Builder {
        private final String name;
        private String image = "";
        private Build build = Build.NONE;
        private List<String> command = List.of();
        private List<String> entrypoint = List.of();
        private boolean entrypointSet;
        private Map<String, String> environment = Map.of();
        private List<PortMapping> ports = List.of();
        private List<String> expose = List.of();
        private List<VolumeMount> volumes = List.of();
        private List<String> tmpfs = List.of();
        private Map<String, ServiceNetwork> networks = Map.of(ComposeProject.DEFAULT_NETWORK, ServiceNetwork.PLAIN);
        private Map<String, Dependency> dependsOn = Map.of();
        private Healthcheck healthcheck = Healthcheck.INHERITED;
        private String restart = "no";
        private String user = "";
        private String workingDir = "";
        private String hostname = "";
        private Map<String, String> labels = Map.of();
        private Duration stopGracePeriod = DEFAULT_STOP_GRACE_PERIOD;
        private String stopSignal = "";
        private Deploy deploy = Deploy.DEFAULT;
        private List<FileMount> configs = List.of();
        private List<FileMount> secrets = List.of();
        private BerthOptions berth = BerthOptions.DEFAULT;

        private Builder(String name) {
            this.name = name;
        }

        public Builder image(String value) {
            image = value;
            return this;
        }

        public Builder build(Build value) {
            build = value;
            return this;
        }

        public Builder command(List<String> value) {
            command = value;
            return this;
        }

        /** Sets the entrypoint; {@code set} false keeps the image's, true with an empty list clears it. */
        public Builder entrypoint(List<String> value, boolean set) {
            entrypoint = value;
            entrypointSet = set;
            return this;
        }

        public Builder environment(Map<String, String> value) {
            environment = value;
            return this;
        }

        public Builder ports(List<PortMapping> value) {
            ports = value;
            return this;
        }

        public Builder expose(List<String> value) {
            expose = value;
            return this;
        }

        public Builder volumes(List<VolumeMount> value) {
            volumes = value;
            return this;
        }

        public Builder tmpfs(List<String> value) {
            tmpfs = value;
            return this;
        }

        public Builder networks(Map<String, ServiceNetwork> value) {
            networks = value;
            return this;
        }

        public Builder dependsOn(Map<String, Dependency> value) {
            dependsOn = value;
            return this;
        }

        public Builder healthcheck(Healthcheck value) {
            healthcheck = value;
            return this;
        }

        public Builder restart(String value) {
            restart = value;
            return this;
        }

        public Builder user(String value) {
            user = value;
            return this;
        }

        public Builder workingDir(String value) {
            workingDir = value;
            return this;
        }

        public Builder hostname(String value) {
            hostname = value;
            return this;
        }

        public Builder labels(Map<String, String> value) {
            labels = value;
            return this;
        }

        public Builder stopGracePeriod(Duration value) {
            stopGracePeriod = value;
            return this;
        }

        public Builder stopSignal(String value) {
            stopSignal = value;
            return this;
        }

        public Builder deploy(Deploy value) {
            deploy = value;
            return this;
        }

        public Builder configs(List<FileMount> value) {
            configs = value;
            return this;
        }

        public Builder secrets(List<FileMount> value) {
            secrets = value;
            return this;
        }

        public Builder berth(BerthOptions value) {
            berth = value;
            return this;
        }

        public Service build() {
            return new Service(name, image, build, command, entrypoint, entrypointSet, environment, ports, expose, volumes, tmpfs, networks,
                    dependsOn, healthcheck, restart, user, workingDir, hostname, labels, stopGracePeriod, stopSignal, deploy, configs,
                    secrets, berth);
        }
    }
}
