package dev.berth.network;

import java.util.List;

/**
 * A container's attachment to one network: a veth pair whose host end sits in the network's bridge and whose
 * other end ({@code ifname}, eth0, eth1, ...) sits in the container's network namespace.
 *
 * @param dnsServer   the embedded DNS server's address for this network, or null when it has none
 * @param upstreamDns where that server forwards this container's other queries; empty for the host's resolvers
 */
public record Endpoint(String id, String networkId, String networkName, String containerId, Ipv4 address,
                       int prefixLength, Ipv4 gateway, String macAddress, String hostInterface, String ifname,
                       List<String> dnsNames, Ipv4 dnsServer, List<String> upstreamDns) {

    public Endpoint {
        dnsNames = List.copyOf(dnsNames);
        upstreamDns = List.copyOf(upstreamDns);
    }
}
