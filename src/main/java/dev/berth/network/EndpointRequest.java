package dev.berth.network;

import java.util.List;
import java.util.Optional;

/**
 * What a container asks of one network it joins.
 *
 * @param address     a static address ({@code --ip}), or empty for the next free one
 * @param dnsNames    names the embedded DNS server answers with this endpoint's address (container name,
 *                    short id, aliases)
 * @param upstreamDns resolvers for names the network does not know ({@code --dns}); empty for the host's
 */
public record EndpointRequest(Optional<Ipv4> address, List<String> dnsNames, List<String> upstreamDns) {

    public EndpointRequest {
        dnsNames = List.copyOf(dnsNames);
        upstreamDns = List.copyOf(upstreamDns);
    }
}
