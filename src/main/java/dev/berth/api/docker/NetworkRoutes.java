package dev.berth.api.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.http.Router;
import dev.berth.common.BerthException;
import dev.berth.engine.Container;
import dev.berth.engine.ContainerService;
import dev.berth.engine.EndpointSettings;
import dev.berth.network.Endpoint;
import dev.berth.network.Ipv4;
import dev.berth.network.Network;
import dev.berth.network.NetworkRequest;
import dev.berth.network.NetworkService;
import dev.berth.network.Subnet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Docker's {@code /networks} endpoints. */
public final class NetworkRoutes {
    private final NetworkService networks;
    private final ContainerService containers;

    public NetworkRoutes(NetworkService networks, ContainerService containers) {
        this.networks = networks;
        this.containers = containers;
    }

    public void register(Router r) {
        r.add("GET", "/networks", x -> {
            Filters f = Filters.parse(x.query("filters")).allow("name", "id", "driver", "label", "type", "dangling");
            x.respondJson(200, networks.list().stream().filter(n -> matches(f, n)).map(this::view).toList());
        })
                .add("POST", "/networks/create", x -> {
                    Network n = networks.create(createRequest(x.bodyJson(JsonNode.class)));
                    containers.events().publish("network", "create", n.id(), Map.of("name", n.name(), "type", n.driver()));
                    x.respondJson(201, Map.of("Id", n.id(), "Warning", ""));
                })
                .add("POST", "/networks/prune", x -> {
                    Filters.parse(x.query("filters")).allow("label", "until");
                    x.respondJson(200, Map.of("NetworksDeleted", networks.prune()));
                })
                .add("GET", "/networks/{id}", x -> x.respondJson(200, view(networks.resolve(x.pathParam("id")))))
                .add("DELETE", "/networks/{id}", x -> {
                    Network n = networks.resolve(x.pathParam("id"));
                    networks.remove(n.id());
                    containers.events().publish("network", "destroy", n.id(), Map.of("name", n.name(), "type", n.driver()));
                    x.respondStatus(204);
                })
                .add("POST", "/networks/{id}/connect", x -> {
                    JsonNode b = x.bodyJson(JsonNode.class);
                    JsonNode ep = b.path("EndpointConfig");
                    JsonNode ipam = ep.path("IPAMConfig");
                    containers.connect(container(b), x.pathParam("id"), EndpointSettings.requested(
                            ipam.isObject() ? CreateRequestParser.text(ipam, "IPv4Address") : "",
                            ep.isObject() ? CreateRequestParser.strings(ep, "Aliases") : List.of()));
                    x.respondStatus(200);
                })
                .add("POST", "/networks/{id}/disconnect", x -> {
                    containers.disconnect(container(x.bodyJson(JsonNode.class)), x.pathParam("id"));
                    x.respondStatus(200);
                });
    }

    private static String container(JsonNode body) {
        String c = CreateRequestParser.text(body, "Container");
        if (c.isEmpty()) {
            throw BerthException.invalid("no container given: the body needs \"Container\"");
        }
        return c;
    }

    static NetworkRequest createRequest(JsonNode b) {
        String name = CreateRequestParser.text(b, "Name");
        if (name.isEmpty()) {
            throw BerthException.invalid("no network name given: the body needs \"Name\"");
        }
        Optional<Subnet> subnet = Optional.empty();
        Optional<Ipv4> gateway = Optional.empty();
        JsonNode configs = b.path("IPAM").path("Config");
        if (configs.isArray() && !configs.isEmpty()) {
            if (configs.size() > 1) {
                throw BerthException.invalid("only one IPAM config is supported: Berth networks have one IPv4 subnet");
            }
            String s = CreateRequestParser.text(configs.get(0), "Subnet");
            String g = CreateRequestParser.text(configs.get(0), "Gateway");
            subnet = s.isEmpty() ? Optional.empty() : Optional.of(Subnet.parse(s));
            gateway = g.isEmpty() ? Optional.empty() : Optional.of(Ipv4.parse(g));
            if (gateway.isPresent() && subnet.isEmpty()) {
                throw BerthException.invalid("a gateway needs a subnet: give --subnet with --gateway");
            }
        }
        if (CreateRequestParser.bool(b, "EnableIPv6")) {
            throw BerthException.invalid("IPv6 networks are not supported yet");
        }
        return new NetworkRequest(name, CreateRequestParser.text(b, "Driver"), subnet, gateway, CreateRequestParser.bool(b, "Internal"),
                CreateRequestParser.stringMap(b, "Labels"), CreateRequestParser.stringMap(b, "Options"));
    }

    private boolean matches(Filters f, Network n) {
        boolean builtIn = n.name().equals(NetworkService.DEFAULT_BRIDGE) || !n.hasBridge();
        return f.matchesAny("name", v -> n.name().contains(v))
                && f.matchesAny("id", v -> n.id().startsWith(v))
                && f.matchesAny("driver", v -> n.driver().equals(v))
                && f.matchesAny("type", v -> v.equals(builtIn ? "builtin" : "custom"))
                && f.matchesAny("dangling", v -> Boolean.parseBoolean(v) == (!builtIn && networks.endpoints(n.id()).isEmpty()))
                && f.matchesLabels(n.labels());
    }

    private Map<String, Object> view(Network n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", n.name());
        m.put("Id", n.id());
        m.put("Created", n.created().toString());
        m.put("Scope", "local");
        m.put("Driver", n.driver());
        m.put("EnableIPv4", true);
        m.put("EnableIPv6", false);
        m.put("IPAM", Map.of("Driver", "default", "Options", Map.of(), "Config", n.subnet() == null ? List.of()
                : List.of(Map.of("Subnet", n.subnet().toString(), "Gateway", n.gateway().toString()))));
        m.put("Internal", n.internal());
        m.put("Attachable", false);
        m.put("Ingress", false);
        m.put("ConfigFrom", Map.of("Network", ""));
        m.put("ConfigOnly", false);
        Map<String, Object> members = new LinkedHashMap<>();
        for (Endpoint e : networks.endpoints(n.id())) {
            Map<String, Object> ep = new LinkedHashMap<>();
            ep.put("Name", containers.find(e.containerId()).map(Container::name).orElse(""));
            ep.put("EndpointID", e.id());
            ep.put("MacAddress", e.macAddress());
            ep.put("IPv4Address", e.address() + "/" + e.prefixLength());
            ep.put("IPv6Address", "");
            members.put(e.containerId(), ep);
        }
        m.put("Containers", members);
        Map<String, String> options = new LinkedHashMap<>(n.options());
        if (n.hasBridge()) {
            options.putIfAbsent("com.docker.network.bridge.name", n.bridge());
        }
        m.put("Options", options);
        m.put("Labels", n.labels());
        return m;
    }
}
