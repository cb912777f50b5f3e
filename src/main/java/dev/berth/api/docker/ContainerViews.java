package dev.berth.api.docker;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.common.HumanDuration;
import dev.berth.common.Json;
import dev.berth.engine.BindSpec;
import dev.berth.engine.Container;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerState;
import dev.berth.engine.EndpointSettings;
import dev.berth.engine.HealthStatus;
import dev.berth.image.Image;
import dev.berth.image.ImageService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Docker's JSON shapes of a container: {@code GET /containers/json} rows and {@code GET /containers/{id}/json}. */
final class ContainerViews {
    private ContainerViews() {}

    /**
     * The inspect view; {@code runtime} names what runs it, {@code execIds} are its unfinished execs, {@code storage}
     * where its root file system lives (GraphDriver.Data).
     */
    static Map<String, Object> inspect(Container c, String runtime, List<String> execIds, Map<String, String> storage) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> argv = c.config().argv();
        m.put("Id", c.id());
        m.put("Created", c.created().toString());
        m.put("Path", argv.isEmpty() ? "" : argv.getFirst());
        m.put("Args", argv.isEmpty() ? List.of() : argv.subList(1, argv.size()));
        ContainerState s = c.state();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", s.status());
        state.put("Running", s.isRunning());
        state.put("Paused", s.status().equals("paused"));
        state.put("Restarting", s.status().equals("restarting"));
        state.put("OOMKilled", s.oomKilled());
        state.put("Dead", s.status().equals("dead"));
        state.put("Pid", s.pid());
        state.put("ExitCode", s.exitCode());
        state.put("Error", s.error());
        state.put("StartedAt", s.startedAt().toString());
        state.put("FinishedAt", s.finishedAt().toString());
        if (s.health().status() != HealthStatus.NONE) {
            state.put("Health", s.health());
        }
        m.put("State", state);
        if (s.booted()) {
            // Berth's own: how the VM behind this container booted, for comparing with containers.
            m.put("BerthVm", Map.of("Accelerator", s.accelerator(), "BootToReadyMs", s.bootToReadyMillis()));
        }
        m.put("Image", c.imageId());
        m.put("ResolvConfPath", "");
        m.put("HostnamePath", "");
        m.put("HostsPath", "");
        m.put("LogPath", "");
        m.put("Name", "/" + c.name());
        m.put("RestartCount", c.restartCount());
        m.put("Driver", "overlay2");
        m.put("Platform", "linux");
        m.put("MountLabel", "");
        m.put("ProcessLabel", "");
        m.put("AppArmorProfile", "");
        m.put("ExecIDs", execIds.isEmpty() ? Json.NULL : execIds);
        m.put("HostConfig", HostConfigView.of(c.hostSettings(), runtime));
        m.put("GraphDriver", Map.of("Name", "overlay2", "Data", storage));
        m.put("Mounts", mounts(c));
        m.put("Config", config(c));
        m.put("NetworkSettings", networkSettings(c));
        return m;
    }

    /** The container's Config, with the keys dockerd sends that Berth keeps no setting for (no domain name, no ONBUILD). */
    private static Map<String, Object> config(Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Domainname", "");
        m.putAll(Json.MAPPER.convertValue(c.config(), new TypeReference<Map<String, Object>>() {}));
        m.put("OnBuild", Json.NULL);
        return m;
    }

    /** {@code view} plus SizeRw (what the container wrote) and SizeRootFs (that and its image's layers). */
    static Map<String, Object> withSizes(Map<String, Object> view, Container c, ContainerService containers, ImageService images) {
        Map<String, Object> m = new LinkedHashMap<>(view);
        long written = containers.writtenBytes(c);
        m.put("SizeRw", written);
        m.put("SizeRootFs", written + images.find(c.imageId()).map(Image::size).orElse(0L));
        return m;
    }

    static Map<String, Object> summary(Container c, String imageName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id());
        m.put("Names", List.of("/" + c.name()));
        m.put("Image", imageName);
        m.put("ImageID", c.imageId());
        m.put("Command", String.join(" ", c.config().argv()));
        m.put("Created", c.created().getEpochSecond());
        m.put("Ports", portRows(c));
        m.put("Labels", c.config().labels());
        m.put("State", c.state().status());
        m.put("Status", status(c.state(), Instant.now()));
        m.put("HostConfig", Map.of("NetworkMode", c.hostSettings().networkMode()));
        m.put("NetworkSettings", Map.of("Networks", networks(c)));
        m.put("Mounts", mounts(c));
        return m;
    }

    /** Docker's human status: "Up 5 seconds", "Up 2 hours (healthy)", "Exited (0) 2 minutes ago", "Created". */
    static String status(ContainerState s, Instant now) {
        return switch (s.status()) {
            case "running" -> "Up " + HumanDuration.of(Duration.between(s.startedAt(), now))
                    + (s.health().status() == HealthStatus.NONE ? "" : " (" + s.health().label() + ")");
            case "paused" -> "Up " + HumanDuration.of(Duration.between(s.startedAt(), now)) + " (Paused)";
            case "exited" -> "Exited (" + s.exitCode() + ") " + HumanDuration.of(Duration.between(s.finishedAt(), now)) + " ago";
            case "created" -> "Created";
            default -> s.status().substring(0, 1).toUpperCase() + s.status().substring(1);
        };
    }

    private static List<Map<String, Object>> mounts(Container c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String bind : c.hostSettings().binds()) {
            BindSpec b = BindSpec.parse(bind);
            boolean volume = dev.berth.engine.VolumeService.isVolumeName(b.source());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Type", volume ? "volume" : "bind");
            if (volume) {
                m.put("Name", b.source());
                m.put("Driver", "local");
            }
            m.put("Source", b.source());
            m.put("Destination", b.destination());
            m.put("Mode", b.readOnly() ? "ro" : "");
            m.put("RW", !b.readOnly());
            m.put("Propagation", "rprivate");
            out.add(m);
        }
        c.hostSettings().tmpfs().keySet().forEach(dest -> out.add(Map.of("Type", "tmpfs", "Source", "", "Destination", dest,
                "Mode", "", "RW", true, "Propagation", "")));
        return out;
    }

    private static Map<String, Object> networks(Container c) {
        Map<String, Object> out = new LinkedHashMap<>();
        c.networks().forEach((name, e) -> {
            Map<String, Object> endpoint = new LinkedHashMap<>();
            endpoint.put("IPAMConfig", e.requestedAddress().isEmpty() ? Json.NULL : Map.of("IPv4Address", e.requestedAddress()));
            endpoint.put("Links", Json.NULL);
            endpoint.put("Aliases", e.aliases().isEmpty() ? Json.NULL : e.aliases());
            endpoint.put("MacAddress", e.macAddress());
            endpoint.put("DriverOpts", Json.NULL);
            endpoint.put("NetworkID", e.networkId());
            endpoint.put("EndpointID", e.endpointId());
            endpoint.put("Gateway", e.gateway());
            endpoint.put("IPAddress", e.ipAddress());
            endpoint.put("IPPrefixLen", e.prefixLength());
            endpoint.put("IPv6Gateway", "");
            endpoint.put("GlobalIPv6Address", "");
            endpoint.put("GlobalIPv6PrefixLen", 0);
            endpoint.put("DNSNames", e.dnsNames().isEmpty() ? Json.NULL : e.dnsNames());
            out.put(name, endpoint);
        });
        return out;
    }

    /** Published ports, and exposed ones that are not published as null, as Docker lists them. */
    private static Map<String, Object> ports(Container c) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (c.state().isRunning()) {
            c.config().exposedPorts().keySet().forEach(p -> out.put(p.contains("/") ? p : p + "/tcp", null));
            out.putAll(c.ports());
        }
        return out;
    }

    /** {@code GET /containers/json}'s Ports: one row per published host binding, plus unpublished exposed ports. */
    private static List<Map<String, Object>> portRows(Container c) {
        List<Map<String, Object>> rows = new ArrayList<>();
        ports(c).forEach((key, bindings) -> {
            String[] pp = key.split("/");
            if (bindings == null) {
                rows.add(Map.of("PrivatePort", Integer.parseInt(pp[0]), "Type", pp[1]));
            }
        });
        c.ports().forEach((key, bindings) -> {
            String[] pp = key.split("/");
            bindings.forEach(b -> rows.add(Map.of("IP", b.hostIp(), "PrivatePort", Integer.parseInt(pp[0]),
                    "PublicPort", Integer.parseInt(b.hostPort()), "Type", pp[1])));
        });
        return rows;
    }

    private static Map<String, Object> networkSettings(Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        Optional<EndpointSettings> primary = c.networks().values().stream().findFirst();
        boolean sandbox = c.state().isRunning() && !primary.map(EndpointSettings::endpointId).orElse("").isEmpty();
        m.put("Bridge", "");
        m.put("SandboxID", sandbox ? c.id() : "");
        m.put("HairpinMode", sandbox); // Berth's bridge ports all hairpin, so a container reaches its own published ports
        m.put("LinkLocalIPv6Address", "");
        m.put("LinkLocalIPv6PrefixLen", 0);
        m.put("SandboxKey", sandbox ? "/run/netns/berth-" + c.shortId() : "");
        m.put("Ports", ports(c));
        m.put("SecondaryIPAddresses", Json.NULL);
        m.put("SecondaryIPv6Addresses", Json.NULL);
        m.put("EndpointID", primary.map(EndpointSettings::endpointId).orElse(""));
        m.put("Gateway", primary.map(EndpointSettings::gateway).orElse(""));
        m.put("GlobalIPv6Address", "");
        m.put("GlobalIPv6PrefixLen", 0);
        m.put("IPAddress", primary.map(EndpointSettings::ipAddress).orElse(""));
        m.put("IPPrefixLen", primary.map(EndpointSettings::prefixLength).orElse(0));
        m.put("IPv6Gateway", "");
        m.put("MacAddress", primary.map(EndpointSettings::macAddress).orElse(""));
        m.put("Networks", networks(c));
        return m;
    }
}
