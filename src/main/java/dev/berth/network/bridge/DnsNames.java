package dev.berth.network.bridge;

import dev.berth.network.Endpoint;
import dev.berth.network.Ipv4;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The names the embedded DNS servers answer. A query is answered from the networks of the container that asks
 * (found by its source address on the network it asked), so a container sees the names of every network it is
 * connected to and of no other, as in Docker.
 */
final class DnsNames {
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final List<InetSocketAddress> hostResolvers;

    DnsNames(List<InetSocketAddress> hostResolvers) {
        this.hostResolvers = List.copyOf(hostResolvers);
    }

    void add(Endpoint e) {
        endpoints.put(e.id(), e);
    }

    void remove(Endpoint e) {
        endpoints.remove(e.id());
    }

    /** Addresses of {@code name} on the networks of the container at {@code source} on {@code networkId}. */
    List<Ipv4> lookup(String networkId, Ipv4 source, String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        Set<String> networks = asking(networkId, source).map(asker -> endpoints.values().stream()
                .filter(e -> e.containerId().equals(asker.containerId())).map(Endpoint::networkId).collect(Collectors.toSet()))
                .orElse(Set.of(networkId));
        return endpoints.values().stream()
                .filter(e -> networks.contains(e.networkId()))
                .filter(e -> e.dnsNames().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(wanted)))
                .map(Endpoint::address).distinct().sorted().toList();
    }

    /** The asking container's {@code --dns} servers, or the host's resolvers. */
    List<InetSocketAddress> upstream(String networkId, Ipv4 source) {
        return asking(networkId, source).filter(e -> !e.upstreamDns().isEmpty())
                .map(e -> DnsServer.resolvers(e.upstreamDns())).orElse(hostResolvers);
    }

    /** The endpoint a query came from: the one with the source address on the network it was asked on. */
    private Optional<Endpoint> asking(String networkId, Ipv4 source) {
        return endpoints.values().stream().filter(e -> e.networkId().equals(networkId) && e.address().equals(source)).findFirst();
    }
}
