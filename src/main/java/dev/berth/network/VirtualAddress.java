package dev.berth.network;

import dev.berth.common.BerthException;
import java.util.List;

/**
 * An address of a network that belongs to no container: the host holds it on the network's bridge, so a
 * listener on the host (a service's load balancer) answers it to the containers of that network, and the
 * embedded DNS server answers {@code dnsNames} with it.
 *
 * @param owner    who reserved it, e.g. a stack's service; one address per owner and network
 * @param dnsNames names that resolve to this address on the network, instead of to endpoints with the same name
 */
public record VirtualAddress(String networkId, String networkName, String owner, Ipv4 address, List<String> dnsNames) {

    public VirtualAddress {
        if (networkId.isBlank() || networkName.isBlank() || owner.isBlank()) {
            throw BerthException.invalid("a virtual address needs a network and an owner (got network \"" + networkName
                    + "\", owner \"" + owner + "\")");
        }
        if (address == null) {
            throw BerthException.invalid("virtual address of " + owner + " on network " + networkName + " has no address");
        }
        dnsNames = List.copyOf(dnsNames);
        if (dnsNames.stream().anyMatch(String::isBlank)) {
            throw BerthException.invalid("virtual address of " + owner + " on network " + networkName + " has a blank DNS name");
        }
    }
}
