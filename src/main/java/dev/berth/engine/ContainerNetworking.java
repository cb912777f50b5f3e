package dev.berth.engine;

import dev.berth.common.BerthException;
import dev.berth.network.Endpoint;
import dev.berth.network.EndpointRequest;
import dev.berth.network.Ipv4;
import dev.berth.network.Network;
import dev.berth.network.NetworkService;
import dev.berth.network.PortMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a container on its networks as Docker's {@code NetworkMode} asks: {@code host} shares the host's stack,
 * {@code none} gets a loopback-only namespace, anything else is a bridge network ({@code bridge}, the default,
 * or a user-defined one) joined through a sandbox made before the container starts. Also writes the
 * /etc/hosts and /etc/resolv.conf that go with it.
 */
final class ContainerNetworking {
    private static final String HOSTS_HEADER = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            ff00::0\tip6-mcastprefix
            ff02::1\tip6-allnodes
            ff02::2\tip6-allrouters
            """;

    /** What a started container's network is: the namespace to join (null: host's or a fresh one) and its files. */
    record Started(Optional<Path> namespace, boolean hostNetwork, Map<String, EndpointSettings> networks,
                   Map<String, List<PortBinding>> ports, String hosts, String resolvConf) {}

    private final NetworkService networks;
    private final Path hostResolvConf;
    private final Path hostHosts;

    ContainerNetworking(NetworkService networks, Path hostResolvConf, Path hostHosts) {
        this.networks = networks;
        this.hostResolvConf = hostResolvConf;
        this.hostHosts = hostHosts;
    }

    /** The stored network mode for a create request: "" and "default" mean the default bridge. */
    static String mode(String requested) {
        return requested == null || requested.isEmpty() || requested.equals("default") ? NetworkService.DEFAULT_BRIDGE : requested;
    }

    /** The memberships a new container starts with, checked against the networks that exist. */
    Map<String, EndpointSettings> initial(String mode, Map<String, EndpointSettings> requested) {
        Network primary = networks.resolve(mode);
        // The docker CLI names the endpoint of its network mode as it was given, "default" included.
        Map<String, EndpointSettings> byNetwork = new LinkedHashMap<>();
        requested.forEach((name, settings) -> byNetwork.put(mode(name), settings));
        Map<String, EndpointSettings> out = new LinkedHashMap<>();
        out.put(primary.name(), Optional.ofNullable(byNetwork.get(mode)).or(() -> Optional.ofNullable(byNetwork.get(primary.name())))
                .orElse(EndpointSettings.requested("", List.of())));
        Map<String, Network> resolved = new LinkedHashMap<>(Map.of(primary.name(), primary)); // each looked up once
        byNetwork.forEach((name, settings) -> {
            Network n = networks.resolve(name);
            resolved.put(n.name(), n);
            if (!n.hasBridge() || !primary.hasBridge()) {
                if (!n.name().equals(primary.name())) {
                    throw BerthException.invalid("container cannot be connected to network " + n.name() + " and " + primary.name()
                            + ": host and none cannot be combined with other networks");
                }
            }
            out.putIfAbsent(n.name(), settings);
        });
        out.forEach((name, settings) -> check(resolved.get(name), settings));
        return out;
    }

    /** Checks what a membership asks for against the network, as Docker refuses the same. */
    void check(Network n, EndpointSettings settings) {
        boolean userDefined = n.hasBridge() && !n.name().equals(NetworkService.DEFAULT_BRIDGE);
        if (!settings.requestedAddress().isEmpty()) {
            if (!userDefined) {
                throw BerthException.invalid("user specified IP address is supported on user defined networks only");
            }
            Ipv4 ip = Ipv4.parse(settings.requestedAddress());
            if (!n.subnet().isHost(ip)) {
                throw BerthException.invalid("invalid address " + ip + ": it is not in network " + n.name() + "'s subnet " + n.subnet());
            }
        }
        if (!settings.aliases().isEmpty() && !userDefined) {
            throw BerthException.invalid("network-scoped alias is supported only for containers in user defined networks");
        }
    }

    /** Sets up the network of a container about to start; on failure nothing of it is left. */
    Started start(Container c) {
        String mode = c.hostSettings().networkMode();
        if (mode.equals("host")) {
            return new Started(Optional.empty(), true, c.networks(), Map.of(), read(hostHosts), read(hostResolvConf));
        }
        if (mode.equals("none")) {
            return new Started(Optional.empty(), false, c.networks(), Map.of(),
                    hosts(c, Optional.empty(), "127.0.1.1"), resolvConf(c, Optional.empty()));
        }
        Path namespace = networks.createSandbox(c.id());
        try {
            Map<String, EndpointSettings> attached = new LinkedHashMap<>();
            List<Endpoint> endpoints = new ArrayList<>();
            for (Map.Entry<String, EndpointSettings> e : c.networks().entrySet()) {
                Endpoint ep = connect(c, e.getKey(), e.getValue());
                attached.put(e.getKey(), attachedSettings(e.getValue(), ep));
                endpoints.add(ep);
            }
            Optional<Endpoint> primary = endpoints.stream().findFirst();
            Map<String, List<PortBinding>> ports = primary.isPresent() ? publish(c, primary.get()) : Map.of();
            return new Started(Optional.of(namespace), false, attached, ports,
                    hosts(c, primary, primary.map(ep -> ep.address().toString()).orElse("127.0.1.1")),
                    resolvConf(c, endpoints.stream().filter(ep -> ep.dnsServer() != null).findFirst()));
        } catch (RuntimeException e) {
            networks.destroySandbox(c.id());
            throw e;
        }
    }

    /** Connects a running container to one more network. */
    EndpointSettings connectRunning(Container c, String network, EndpointSettings settings) {
        return attachedSettings(settings, connect(c, network, settings));
    }

    void stop(String containerId) {
        networks.destroySandbox(containerId);
    }

    private Endpoint connect(Container c, String network, EndpointSettings settings) {
        Network n = networks.resolve(network);
        boolean userDefined = n.dns();
        List<String> names = new ArrayList<>();
        if (userDefined) {
            names.add(c.name());
            names.add(c.shortId());
            names.addAll(settings.aliases());
            if (!c.config().hostname().equals(c.shortId())) {
                names.add(c.config().hostname());
            }
        }
        Optional<Ipv4> address = settings.requestedAddress().isEmpty() ? Optional.empty() : Optional.of(Ipv4.parse(settings.requestedAddress()));
        return networks.connect(c.id(), n.id(), new EndpointRequest(address, names.stream().distinct().toList(), c.hostSettings().dns()));
    }

    private static EndpointSettings attachedSettings(EndpointSettings requested, Endpoint ep) {
        return requested.attached(ep.networkId(), ep.id(), ep.gateway().toString(), ep.address().toString(), ep.prefixLength(),
                ep.macAddress(), ep.dnsNames());
    }

    private Map<String, List<PortBinding>> publish(Container c, Endpoint endpoint) {
        List<PortMapping> wanted = new ArrayList<>();
        Map<String, List<PortBinding>> bindings = new LinkedHashMap<>(c.hostSettings().portBindings());
        if (c.hostSettings().publishAllPorts()) {
            c.config().exposedPorts().keySet().forEach(p -> bindings.putIfAbsent(p, List.of(new PortBinding("", ""))));
        }
        bindings.forEach((port, hostSides) -> {
            PortKey key = PortKey.parse(port);
            for (PortBinding b : hostSides.isEmpty() ? List.of(new PortBinding("", "")) : hostSides) {
                wanted.add(new PortMapping(key.protocol(), b.hostIp(), PortKey.hostPort(b.hostPort()), key.port()));
            }
        });
        Map<String, List<PortBinding>> published = new LinkedHashMap<>();
        for (PortMapping m : networks.publish(c.id(), endpoint, wanted)) {
            published.computeIfAbsent(m.containerPort() + "/" + m.protocol(), k -> new ArrayList<>())
                    .add(new PortBinding(m.hostIp(), String.valueOf(m.hostPort())));
        }
        return published;
    }

    private String hosts(Container c, Optional<Endpoint> primary, String ownAddress) {
        StringBuilder s = new StringBuilder(HOSTS_HEADER);
        for (String extra : c.hostSettings().extraHosts()) {
            int sep = extra.indexOf(extra.contains("=") ? '=' : ':');
            if (sep <= 0) {
                throw BerthException.invalid("invalid extra host '" + extra + "': want HOST:IP");
            }
            String ip = extra.substring(sep + 1);
            if (ip.equals("host-gateway")) {
                ip = primary.map(ep -> ep.gateway().toString()).orElseThrow(() -> BerthException.invalid(
                        "host-gateway in --add-host needs a bridge network"));
            }
            s.append(ip).append('\t').append(extra, 0, sep).append('\n');
        }
        s.append(ownAddress).append('\t').append(c.config().hostname()).append('\n');
        return s.toString();
    }

    /**
     * Docker's rules: the embedded DNS server on user-defined networks; otherwise {@code --dns} or the host's
     * resolvers without loopback ones (unreachable from the container's namespace), Google's as the last resort.
     */
    private String resolvConf(Container c, Optional<Endpoint> dns) {
        List<String> host = List.of(read(hostResolvConf).split("\n"));
        List<String> servers;
        List<String> options = new ArrayList<>(c.hostSettings().dnsOptions());
        if (dns.isPresent()) {
            servers = List.of(dns.get().dnsServer().toString());
            options.add("ndots:0");
        } else if (!c.hostSettings().dns().isEmpty()) {
            servers = c.hostSettings().dns();
        } else {
            servers = field(host, "nameserver").stream().filter(ns -> !ns.startsWith("127.") && !ns.equals("::1")).toList();
            servers = servers.isEmpty() ? List.of("8.8.8.8", "8.8.4.4") : servers;
        }
        if (c.hostSettings().dnsOptions().isEmpty()) {
            field(host, "options").stream().flatMap(o -> List.of(o.split("\\s+")).stream())
                    .filter(o -> !o.isEmpty() && !options.contains(o)).forEach(options::add);
        }
        List<String> search = c.hostSettings().dnsSearch().isEmpty() ? field(host, "search") : c.hostSettings().dnsSearch();
        StringBuilder s = new StringBuilder();
        servers.forEach(ns -> s.append("nameserver ").append(ns).append('\n'));
        if (!search.isEmpty()) {
            s.append("search ").append(String.join(" ", search)).append('\n');
        }
        if (!options.isEmpty()) {
            s.append("options ").append(String.join(" ", options)).append('\n');
        }
        return s.toString();
    }

    private static List<String> field(List<String> lines, String key) {
        return lines.stream().map(String::strip).filter(l -> l.startsWith(key + " ") || l.startsWith(key + "\t"))
                .map(l -> l.substring(key.length()).strip()).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
