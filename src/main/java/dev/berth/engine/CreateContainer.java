package dev.berth.engine;

import dev.berth.common.BerthException;
import dev.berth.image.HealthConfig;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A request to create a container, parsed from the API. Empty strings and lists mean "take the image's".
 *
 * @param name           the wanted name, "" for a generated one
 * @param exposedPorts   ports the request exposes beyond the image's ("80/tcp"), published ones included
 * @param volumes        {@code Config.Volumes}: paths that get an anonymous volume unless a bind or tmpfs covers them
 * @param endpoints      network name → requested address and aliases ({@code NetworkingConfig.EndpointsConfig})
 * @param entrypointSet  whether the request overrides the image's entrypoint ({@code entrypoint} may then be
 *                       empty, which clears it, as {@code --entrypoint ""} does)
 * @param attach         the streams the creating client attaches to, recorded for inspect
 * @param healthcheck    {@code Config.Healthcheck}, completed from the image's; {@link HealthConfig#UNSET} when not given
 */
public record CreateContainer(String name, String image, List<String> cmd, List<String> entrypoint, boolean entrypointSet,
                              List<String> env, String workingDir, String user, boolean tty, boolean openStdin,
                              boolean stdinOnce, AttachedStreams attach, String hostname, Map<String, String> labels, String stopSignal,
                              HostSettings host, List<String> exposedPorts, List<String> volumes,
                              Map<String, EndpointSettings> endpoints, HealthConfig healthcheck) {
    private static final Pattern NAME = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    public CreateContainer {
        name = name.isEmpty() ? name : validName(name);
        if (image.isEmpty()) {
            throw BerthException.invalid("no image given: say which image the container runs");
        }
        if (!workingDir.isEmpty() && !workingDir.startsWith("/")) {
            throw BerthException.invalid("the working directory '" + workingDir + "' is invalid, it needs to be an absolute path");
        }
        for (String e : env) {
            if (e.isEmpty() || e.startsWith("=")) {
                throw BerthException.invalid("invalid environment variable: '" + e + "' (want KEY=value)");
            }
        }
        cmd = List.copyOf(cmd);
        entrypoint = List.copyOf(entrypoint);
        env = List.copyOf(env);
        labels = Map.copyOf(labels);
        exposedPorts = List.copyOf(exposedPorts);
        for (String v : volumes) {
            if (!v.startsWith("/")) {
                throw BerthException.invalid("invalid volume " + v + ": the mount path must be absolute");
            }
        }
        volumes = List.copyOf(volumes);
        endpoints = Map.copyOf(endpoints);
        HealthCheck.validate(healthcheck);
    }

    /** The same request for another container: {@code newName}, with {@code extraLabels} over the request's. */
    public CreateContainer named(String newName, Map<String, String> extraLabels) {
        Map<String, String> merged = new java.util.HashMap<>(labels);
        merged.putAll(extraLabels);
        return new CreateContainer(newName, image, cmd, entrypoint, entrypointSet, env, workingDir, user, tty, openStdin, stdinOnce,
                attach, hostname, merged, stopSignal, host, exposedPorts, volumes, endpoints, healthcheck);
    }

    /** Checks a container name as Docker does and drops its optional leading slash. */
    public static String validName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw BerthException.invalid("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
