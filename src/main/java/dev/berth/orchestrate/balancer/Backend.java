package dev.berth.orchestrate.balancer;

import dev.berth.common.BerthException;
import java.net.InetSocketAddress;

/**
 * One replica a {@link ServiceBalancer} may forward connections to. Two backends are the same when id and address
 * are: a replica that comes back under its id with another address is a new backend, and the old one drains.
 *
 * @param id the replica's name, shown in {@link BackendStats} and errors (a container id, a task name)
 * @param address where the replica listens, e.g. its bridge address and container port
 */
public record Backend(String id, InetSocketAddress address) {

    public Backend {
        if (id.isBlank()) {
            throw BerthException.invalid("a load-balancer backend needs an id (the replica's name)");
        }
        if (address.isUnresolved() || address.getPort() == 0 || address.getAddress().isAnyLocalAddress()) {
            throw BerthException.invalid("backend %s: %s is not an address to connect to (give the replica's ip:port)"
                    .formatted(id, address));
        }
    }
}
