package dev.berth.network.bridge;

import dev.berth.common.BerthException;
import dev.berth.network.Endpoint;
import dev.berth.network.Ipv4;
import dev.berth.network.Network;
import dev.berth.network.Subnet;
import dev.berth.network.VirtualAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks endpoint addresses. Addresses are handed out in turn after the last one given, as Docker's allocator
 * does, so a just-released address is not reused at once (stale ARP entries and conntrack state of the old
 * holder would otherwise hit the new one). Endpoints and virtual addresses draw from the same addresses, so
 * each is given what both hold ({@link #leased}); the tables keep each kind unique: this only proposes.
 */
final class Ipam {
    private final Map<String, Ipv4> last = new ConcurrentHashMap<>();

    /** The addresses of a network that endpoints and virtual addresses hold. */
    static Set<Ipv4> leased(String networkId, List<Endpoint> endpoints, List<VirtualAddress> virtuals) {
        Set<Ipv4> used = new HashSet<>();
        endpoints.stream().filter(e -> e.networkId().equals(networkId)).forEach(e -> used.add(e.address()));
        virtuals.stream().filter(v -> v.networkId().equals(networkId)).forEach(v -> used.add(v.address()));
        return used;
    }

    /** A requested address, checked, or the next free host address of the network's subnet. */
    Ipv4 allocate(Network network, Optional<Ipv4> requested, Set<Ipv4> used) {
        Subnet subnet = network.subnet();
        if (requested.isPresent()) {
            Ipv4 want = requested.get();
            if (!subnet.isHost(want) || want.equals(network.gateway())) {
                throw BerthException.invalid("invalid address " + want + ": not a free host address of network "
                        + network.name() + " (" + subnet + ", gateway " + network.gateway() + ")");
            }
            if (used.contains(want)) {
                throw BerthException.conflict("Address already in use: " + want + " on network " + network.name());
            }
            return want;
        }
        long hosts = subnet.size() - 2;
        Ipv4 from = last.getOrDefault(network.id(), network.gateway());
        for (long i = 1; i <= hosts; i++) {
            Ipv4 candidate = subnet.network().plus(1 + Math.floorMod(from.unsigned() - subnet.network().unsigned() - 1 + i, hosts));
            if (!candidate.equals(network.gateway()) && !used.contains(candidate)) {
                last.put(network.id(), candidate);
                return candidate;
            }
        }
        throw BerthException.conflict("no free address left on network " + network.name() + " (" + subnet + ")");
    }
}
