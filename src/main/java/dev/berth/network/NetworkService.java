package dev.berth.network;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Networks and the plumbing that puts containers on them. A container's network life is a sandbox (its own
 * network namespace) made before it starts, endpoints connected into it, ports published to it, and all of it
 * destroyed when the container stops. State is persisted before the host is changed, so a crash at any point
 * leaves records that {@link #recover} can clean up.
 */
public interface NetworkService {
    /** The name of the default bridge network, as Docker calls it. */
    String DEFAULT_BRIDGE = "bridge";

    /** Where a network created without a subnet gets one: a {@code /size} of {@code base} (Docker's DefaultAddressPools). */
    record AddressPool(Subnet base, int size) {}

    AddressPool addressPool();

    Network create(NetworkRequest request);

    /** All networks, the built-in bridge, host and none included. */
    List<Network> list();

    /** By full id, exact name, or unambiguous id prefix. */
    Optional<Network> find(String nameOrId);

    /** Like {@link #find}; NOT_FOUND "network X not found" otherwise. */
    Network resolve(String nameOrId);

    /** Removes a user-defined network; CONFLICT while containers are connected to it or it has virtual addresses. */
    void remove(String nameOrId);

    /** Removes user-defined networks without endpoints and virtual addresses; returns their names. */
    List<String> prune();

    /** The endpoints currently on a network. */
    List<Endpoint> endpoints(String networkId);

    /** Makes the container's network namespace (loopback up) and returns its path for the runtime to join. */
    Path createSandbox(String containerId);

    /** Connects a container's sandbox to a network; the first one, unless internal, also gets the default route. */
    Endpoint connect(String containerId, String network, EndpointRequest request);

    /** Disconnects a container from one network, removing its interface and DNS names. */
    void disconnect(String containerId, String networkId);

    /**
     * Publishes ports to the container's address on {@code endpoint}'s network. Either every port is published
     * or none is: a port in use fails the whole call with a CONFLICT that names it.
     */
    List<PortMapping> publish(String containerId, Endpoint endpoint, List<PortMapping> ports);

    /** Tears down everything of a container's: ports, endpoints, DNS names, the namespace. Idempotent. */
    void destroySandbox(String containerId);

    /**
     * Leases an address of a bridge network for {@code owner} and puts it on the network's bridge, so that a
     * listener the host binds to it is reachable from the containers of that network and of no other. The lease
     * is persisted like an endpoint's: no container gets the address, also after a daemon restart. The embedded
     * DNS server answers {@code dnsNames} with this address alone: a name of a virtual address on any network of
     * the asking container hides endpoints (container names, aliases) with the same name. Idempotent per owner
     * and network: a second call returns the same address, with {@code dnsNames} replacing the earlier names.
     * INVALID for host and none, and for names on a network without DNS (the default bridge).
     *
     * <p>Ports published on every host address ({@code -p P}) are forwarded from every local address, this one
     * included, and hold P on all of them: a listener for this address's port P cannot bind while one exists.
     */
    VirtualAddress reserveVirtualAddress(String network, String owner, List<String> dnsNames);

    /** Removes the DNS names, the address from the bridge and the lease of {@code owner} on the network. Idempotent. */
    void releaseVirtualAddress(String network, String owner);

    /** Every reserved virtual address, on every network. */
    List<VirtualAddress> virtualAddresses();

    /**
     * After a daemon start: tears down what belongs to containers not in {@code running}, re-arms the rest, and
     * puts the virtual addresses back on their bridges and in DNS.
     */
    void recover(Set<String> running);

    /**
     * Reserves a TCP host port ({@code hostPort} 0: a free one) whose connections {@link #balance} spreads over
     * backends in the kernel. CONFLICT naming the port when it is in use; until {@code balance} gives backends,
     * connections to it are refused.
     */
    BalancedPort publishBalanced(String owner, String hostIp, int hostPort);

    /** Sets the backends of a balanced port at once; connections already made stay with their backend. */
    void balance(BalancedPort port, List<java.net.InetSocketAddress> backends);

    /** Removes a balanced port's rule and reservation. Idempotent. */
    void unpublishBalanced(BalancedPort port);

    /** Established connections the kernel forwarded to {@code backend} (through DNAT): what is left to drain. */
    int forwardedConnections(java.net.InetSocketAddress backend);
}
