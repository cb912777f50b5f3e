package dev.berth.api.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.engine.AttachedStreams;
import dev.berth.engine.CreateContainer;
import dev.berth.engine.EndpointSettings;
import dev.berth.engine.HostSettings;
import dev.berth.engine.PortBinding;
import dev.berth.engine.RestartPolicy;
import dev.berth.image.HealthConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the body of {@code POST /containers/create} into a typed {@link CreateContainer}. Clients send explicit
 * nulls and fields Berth does not use (docker-java does); nulls mean absent, unknown fields are ignored, and a
 * field of the wrong type is a 400 naming the field.
 */
public final class CreateRequestParser {
    private CreateRequestParser() {}

    public static CreateContainer parse(JsonNode body, String name) {
        if (!body.isObject()) {
            throw BerthException.invalid("invalid container config: want a JSON object");
        }
        JsonNode host = body.path("HostConfig");
        JsonNode entrypoint = body.get("Entrypoint");
        boolean entrypointSet = entrypoint != null && !entrypoint.isNull();
        HostSettings settings = new HostSettings(
                longField(host, "Memory"), longField(host, "MemorySwap"), longField(host, "NanoCpus"),
                longField(host, "CpuShares"), longField(host, "PidsLimit"),
                strings(host, "Binds"), stringMap(host, "Tmpfs"), bool(host, "ReadonlyRootfs"),
                restartPolicy(host.path("RestartPolicy")), bool(host, "AutoRemove"), text(host, "NetworkMode"),
                text(host, "Isolation"), portBindings(host), bool(host, "PublishAllPorts"), strings(host, "Dns"),
                strings(host, "DnsSearch"), strings(host, "DnsOptions"), strings(host, "ExtraHosts"), stringMap(host, "StorageOpt"));
        if (settings.autoRemove() && !settings.restartPolicy().name().equals("no")) {
            throw BerthException.invalid("can't create 'AutoRemove' container with restart policy");
        }
        return new CreateContainer(name, text(body, "Image"), strings(body, "Cmd"),
                entrypointSet ? strings(body, "Entrypoint").stream().filter(s -> !s.isEmpty()).toList() : List.of(),
                entrypointSet, strings(body, "Env"), text(body, "WorkingDir"), text(body, "User"), bool(body, "Tty"),
                bool(body, "OpenStdin"), bool(body, "StdinOnce"),
                new AttachedStreams(bool(body, "AttachStdin"), bool(body, "AttachStdout"), bool(body, "AttachStderr")), text(body, "Hostname"), stringMap(body, "Labels"),
                text(body, "StopSignal"), settings, List.copyOf(stringMapKeys(body, "ExposedPorts")),
                List.copyOf(stringMapKeys(body, "Volumes")), endpoints(body.path("NetworkingConfig").path("EndpointsConfig")), healthcheck(body.path("Healthcheck")));
    }

    /** {@code Config.Healthcheck}: durations in nanoseconds, 0 (or absent) for the image's or Docker's default. */
    private static HealthConfig healthcheck(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return HealthConfig.UNSET;
        }
        if (!node.isObject()) {
            throw BerthException.invalid("invalid type for field Healthcheck: want an object");
        }
        long retries = longField(node, "Retries");
        if (retries != (int) retries) {
            throw BerthException.invalid("invalid Healthcheck.Retries " + retries + ": too large");
        }
        return new HealthConfig(strings(node, "Test"), longField(node, "Interval"), longField(node, "Timeout"),
                longField(node, "StartPeriod"), longField(node, "StartInterval"), (int) retries);
    }

    /** {@code "80/tcp": [{"HostIp": "", "HostPort": "8080"}]}; a null list publishes on a free port. */
    private static Map<String, List<PortBinding>> portBindings(JsonNode host) {
        JsonNode n = host.get("PortBindings");
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw BerthException.invalid("invalid type for field PortBindings: want an object of port → bindings");
        }
        Map<String, List<PortBinding>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<PortBinding> bindings = new ArrayList<>();
            if (!e.getValue().isNull()) {
                if (!e.getValue().isArray()) {
                    throw BerthException.invalid("invalid type for PortBindings." + e.getKey() + ": want a list");
                }
                for (JsonNode b : e.getValue()) {
                    bindings.add(new PortBinding(text(b, "HostIp"), text(b, "HostPort")));
                }
            }
            out.put(e.getKey(), bindings);
        }
        return out;
    }

    /** The keys of an object whose values do not matter, as {@code ExposedPorts: {"80/tcp": {}}}. */
    private static java.util.Set<String> stringMapKeys(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return java.util.Set.of();
        }
        if (!n.isObject()) {
            throw BerthException.invalid("invalid type for field " + field + ": want an object");
        }
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        n.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** {@code NetworkingConfig.EndpointsConfig}: network → requested address and aliases. */
    private static Map<String, EndpointSettings> endpoints(JsonNode config) {
        if (config.isMissingNode() || config.isNull()) {
            return Map.of();
        }
        if (!config.isObject()) {
            throw BerthException.invalid("invalid type for field EndpointsConfig: want an object of network → settings");
        }
        Map<String, EndpointSettings> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode ipam = e.getValue().path("IPAMConfig");
            out.put(e.getKey(), EndpointSettings.requested(ipam.isObject() ? text(ipam, "IPv4Address") : "",
                    strings(e.getValue(), "Aliases")));
        }
        return out;
    }

    static RestartPolicy restartPolicy(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return RestartPolicy.NO;
        }
        return new RestartPolicy(text(node, "Name"), (int) longField(node, "MaximumRetryCount"));
    }

    static String text(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw BerthException.invalid("invalid type for field " + field + ": want a string");
        }
        return n.asText();
    }

    static boolean bool(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw BerthException.invalid("invalid type for field " + field + ": want true or false");
        }
        return n.asBoolean();
    }

    static long longField(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw BerthException.invalid("invalid type for field " + field + ": want a whole number");
        }
        return n.asLong();
    }

    /** A list of strings; Docker also accepts a bare string for Cmd and Entrypoint. */
    static List<String> strings(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (n.isTextual()) {
            return List.of(n.asText());
        }
        if (!n.isArray()) {
            throw BerthException.invalid("invalid type for field " + field + ": want a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw BerthException.invalid("invalid type for an element of " + field + ": want a string");
            }
            out.add(e.asText());
        }
        return out;
    }

    static Map<String, String> stringMap(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw BerthException.invalid("invalid type for field " + field + ": want an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw BerthException.invalid("invalid type for " + field + "." + e.getKey() + ": want a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
