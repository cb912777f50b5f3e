package dev.berth.network.bridge;

import dev.berth.network.Endpoint;
import dev.berth.network.Ipv4;
import dev.berth.network.VirtualAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The names the embedded DNS servers answer. A query is answered from the networks of the container that asks
 * (found by its source address on the network it asked), so a container sees the names of every network it is
 * connected to and of no other, as in Docker.
 *
 * <p>Virtual addresses come first: a name that a virtual address has on any of those networks resolves to the
 * virtual addresses with that name alone, never also to endpoints with it. A service's replicas may carry the
 * service's name as an alias; the name must still lead to the balancer, not around it.
 */
final class DnsNames {
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, VirtualAddress> virtuals = new ConcurrentHashMap<>();
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

    /** Adds a virtual address's names, replacing the names its owner had on that network. */
    void add(VirtualAddress v) {
        virtuals.put(key(v), v);
    }

    void remove(VirtualAddress v) {
        virtuals.remove(key(v));
    }

    /**
     * Addresses of {@code name} on the networks of the container at {@code source} on {@code networkId}: those of
     * virtual addresses with that name if there are any, else those of endpoints.
     */
    List<Ipv4> lookup(String networkId, Ipv4 source, String name) {
        Set<String> networks = asking(networkId, source).map(asker -> endpoints.values().stream()
                .filter(e -> e.containerId().equals(asker.containerId())).map(Endpoint::networkId).collect(Collectors.toSet()))
                .orElse(Set.of(networkId));
        List<Ipv4> virtual = addresses(virtuals.values(), VirtualAddress::networkId, VirtualAddress::dnsNames,
                VirtualAddress::address, networks, name);
        return !virtual.isEmpty() ? virtual
                : addresses(endpoints.values(), Endpoint::networkId, Endpoint::dnsNames, Endpoint::address, networks, name);
    }

    private static <T> List<Ipv4> addresses(Collection<T> holders, Function<T, String> network, Function<T, List<String>> names,
                                            Function<T, Ipv4> address, Set<String> networks, String name) {
        return holders.stream()
                .filter(h -> networks.contains(network.apply(h)))
                .filter(h -> names.apply(h).stream().anyMatch(n -> n.equalsIgnoreCase(name)))
                .map(address).distinct().sorted().toList();
    }

    /** The asking container's {@code --dns} servers, or the host's resolvers. */
    List<InetSocketAddress> upstream(String networkId, Ipv4 source) {
        return asking(networkId, source).filter(e -> !e.upstreamDns().isEmpty())
                .map(e -> DnsServer.resolvers(e.upstreamDns())).orElse(hostResolvers);
    }

    private static String key(VirtualAddress v) {
        return v.networkId() + "/" + v.owner();
    }

    /** The endpoint a query came from: the one with the source address on the network it was asked on. */
    private Optional<Endpoint> asking(String networkId, Ipv4 source) {
        return endpoints.values().stream().filter(e -> e.networkId().equals(networkId) && e.address().equals(source)).findFirst();
    }
}
