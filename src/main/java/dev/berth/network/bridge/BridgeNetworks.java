package dev.berth.network.bridge;

import dev.berth.common.BerthException;
import dev.berth.common.Database;
import dev.berth.common.Ids;
import dev.berth.network.BalancedPort;
import dev.berth.network.Endpoint;
import dev.berth.network.EndpointRequest;
import dev.berth.network.Ipv4;
import dev.berth.network.Network;
import dev.berth.network.NetworkRequest;
import dev.berth.network.NetworkService;
import dev.berth.network.PortMapping;
import dev.berth.network.Subnet;
import dev.berth.network.VirtualAddress;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Networks as Linux bridges: one per network, a veth pair per endpoint, nftables for NAT, isolation and
 * published ports, an embedded DNS server per user-defined network, and virtual addresses the host holds on
 * bridges. Records are written before the host is changed and removed after, so whatever a crash interrupts is
 * found and undone by {@link #recover}.
 * Changes are serialised: each is a few milliseconds of {@code ip}/{@code nft} and keeps addresses and the
 * ruleset consistent without finer locking.
 */
public final class BridgeNetworks implements NetworkService, AutoCloseable {
    private static final Logger LOG = System.getLogger("berth.network");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final int USER_PREFIX = 24;

    private final BridgeConfig config;
    private final NetworkTable table;
    private final Links links = new Links();
    private final Firewall firewall;
    private final PortReservations reservations = new PortReservations();
    private final Ipam ipam = new Ipam();
    private final Map<String, DnsServer> dnsServers = new ConcurrentHashMap<>();
    private final DnsNames dnsNames;

    private BridgeNetworks(BridgeConfig config, NetworkTable table, List<InetSocketAddress> hostResolvers) {
        this.config = config;
        this.table = table;
        this.firewall = new Firewall(config.defaultBridge());
        this.dnsNames = new DnsNames(hostResolvers);
    }

    /** Loads the networks, makes sure the built-in ones exist, and brings every bridge and DNS server up. */
    public static BridgeNetworks open(Database db, BridgeConfig config) {
        String resolv;
        try {
            resolv = Files.exists(config.resolvConf()) ? Files.readString(config.resolvConf()) : "";
        } catch (IOException e) {
            throw BerthException.internal("cannot read " + config.resolvConf() + ": " + e.getMessage(), e);
        }
        BridgeNetworks networks = new BridgeNetworks(config, new NetworkTable(db), DnsServer.resolvers(resolv));
        networks.start();
        return networks;
    }

    private synchronized void start() {
        ensureBuiltIns();
        // Containers reach beyond their bridge only if the host forwards, as dockerd also ensures at start.
        Links.writeSysctl(Path.of("/proc/sys/net/ipv4/ip_forward"), "1");
        for (Network n : bridges()) {
            links.ensureBridge(n.bridge(), n.gateway(), n.subnet());
            if (n.dns()) {
                dnsServers.put(n.id(), DnsServer.start(n.id(), n.gateway(), dnsNames));
            }
        }
    }

    private void ensureBuiltIns() {
        List<Network> stored = table.networks();
        Optional<Network> bridge = stored.stream().filter(n -> n.name().equals(DEFAULT_BRIDGE)).findFirst();
        boolean unused = bridge.isPresent() && table.endpoints().stream().noneMatch(e -> e.networkId().equals(bridge.get().id()))
                && virtualAddresses(bridge.get().id()).isEmpty();
        boolean changed = bridge.isPresent() && (!bridge.get().subnet().equals(config.defaultSubnet())
                || !bridge.get().bridge().equals(config.defaultBridge()));
        if (changed && unused) {
            // The daemon was started with another default bridge; the network follows while nothing uses it.
            links.deleteLink(bridge.get().bridge());
            table.deleteNetwork(bridge.get().id());
        }
        Map<String, String> options = defaultBridgeOptions();
        if (bridge.isEmpty() || changed && unused) {
            Subnet s = config.defaultSubnet();
            table.insertNetwork(new Network(Ids.newId(), DEFAULT_BRIDGE, "bridge", s, s.firstHost(), false, config.defaultBridge(),
                    false, Map.of(), options, Instant.now()));
        } else if (!changed && !bridge.get().options().equals(options)) { // stored by a Berth that listed fewer
            Network b = bridge.get();
            table.replaceNetwork(new Network(b.id(), b.name(), b.driver(), b.subnet(), b.gateway(), b.internal(), b.bridge(), b.dns(),
                    b.labels(), options, b.created()));
        }
        for (String[] builtIn : new String[][] {{"host", "host"}, {"none", "null"}}) {
            if (stored.stream().noneMatch(n -> n.name().equals(builtIn[0]))) {
                table.insertNetwork(new Network(Ids.newId(), builtIn[0], builtIn[1], null, null, false, "", false, Map.of(), Map.of(),
                        Instant.now()));
            }
        }
    }

    @Override
    public synchronized Network create(NetworkRequest request) {
        if (!NAME.matcher(request.name()).matches()) {
            throw BerthException.invalid("invalid network name \"" + request.name() + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        String driver = request.driver().isEmpty() ? "bridge" : request.driver();
        if (!driver.equals("bridge")) {
            // dockerd's words (Berth has no plugins: bridge is its one driver), which scripts match on.
            throw BerthException.notFound("plugin \"" + driver + "\" not found");
        }
        if (find(request.name()).filter(n -> n.name().equals(request.name())).isPresent()) {
            throw BerthException.conflict("network with name " + request.name() + " already exists");
        }
        Subnet subnet = request.subnet().map(this::checkFree).orElseGet(this::freeSubnet);
        Ipv4 gateway = request.gateway().orElse(subnet.firstHost());
        if (!subnet.isHost(gateway)) {
            throw BerthException.invalid("invalid gateway " + gateway + ": not a host address of subnet " + subnet);
        }
        String id = Ids.newId();
        Network n = new Network(id, request.name(), driver, subnet, gateway, request.internal(), "bn-" + id.substring(0, 12), true,
                request.labels(), request.options(), Instant.now());
        table.insertNetwork(n);
        try {
            links.ensureBridge(n.bridge(), gateway, subnet);
            networksChanged();
            dnsServers.put(id, DnsServer.start(id, gateway, dnsNames));
        } catch (RuntimeException e) {
            Optional.ofNullable(dnsServers.remove(id)).ifPresent(DnsServer::close);
            table.deleteNetwork(id);
            links.deleteLink(n.bridge());
            networksChanged();
            throw e;
        }
        return n;
    }

    private Subnet checkFree(Subnet wanted) {
        for (Network n : bridges()) {
            if (n.subnet().overlaps(wanted)) {
                throw BerthException.conflict("Pool overlaps with other one on this address space: " + wanted
                        + " overlaps network " + n.name() + " (" + n.subnet() + ")");
            }
        }
        return wanted;
    }

    /** The first /24 of the pool that overlaps no network and no route of the host's. */
    private Subnet freeSubnet() {
        List<Subnet> taken = new ArrayList<>(links.hostRoutes());
        bridges().forEach(n -> taken.add(n.subnet()));
        Subnet pool = config.pool();
        for (long i = 0; i < pool.size() >> (32 - USER_PREFIX); i++) {
            Subnet candidate = new Subnet(pool.network().plus(i << (32 - USER_PREFIX)), USER_PREFIX);
            if (taken.stream().noneMatch(candidate::overlaps)) {
                return candidate;
            }
        }
        throw BerthException.conflict("could not find an available, non-overlapping IPv4 address pool among " + pool
                + " for a new network: remove unused networks or give --subnet");
    }

    /**
     * The default bridge's options as dockerd shows them, with what holds for every Berth bridge: containers on it
     * reach each other (no inter-container rule), outbound traffic is masqueraded, ports published without an
     * address listen on all of them, and links keep the kernel's default MTU.
     */
    private Map<String, String> defaultBridgeOptions() {
        return Map.of("com.docker.network.bridge.default_bridge", "true", "com.docker.network.bridge.name", config.defaultBridge(),
                "com.docker.network.bridge.enable_icc", "true", "com.docker.network.bridge.enable_ip_masquerade", "true",
                "com.docker.network.bridge.host_binding_ipv4", "0.0.0.0", "com.docker.network.driver.mtu", "1500");
    }

    @Override
    public AddressPool addressPool() {
        return new AddressPool(config.pool(), USER_PREFIX);
    }

    @Override
    public List<Network> list() {
        return table.networks();
    }

    @Override
    public Optional<Network> find(String nameOrId) {
        List<Network> all = table.networks();
        for (Network n : all) {
            if (n.id().equals(nameOrId) || n.name().equals(nameOrId)) {
                return Optional.of(n);
            }
        }
        List<Network> prefixed = all.stream().filter(n -> !nameOrId.isEmpty() && n.id().startsWith(nameOrId)).toList();
        if (prefixed.size() > 1) {
            throw BerthException.invalid("network " + nameOrId + " is ambiguous (" + prefixed.size() + " matches found based on ID prefix)");
        }
        return prefixed.stream().findFirst();
    }

    @Override
    public Network resolve(String nameOrId) {
        return find(nameOrId).orElseThrow(() -> BerthException.notFound("network " + nameOrId + " not found"));
    }

    @Override
    public synchronized void remove(String nameOrId) {
        Network n = resolve(nameOrId);
        if (isBuiltIn(n)) {
            throw BerthException.conflict(n.name() + " is a pre-defined network and cannot be removed");
        }
        if (!endpoints(n.id()).isEmpty()) {
            throw BerthException.conflict("error while removing network: network " + n.name() + " id " + n.id()
                    + " has active endpoints");
        }
        List<String> owners = virtualAddresses(n.id()).stream().map(VirtualAddress::owner).toList();
        if (!owners.isEmpty()) {
            throw BerthException.conflict("error while removing network: network " + n.name() + " id " + n.id()
                    + " has virtual addresses of " + String.join(", ", owners) + ": remove what uses them (e.g. the stack) first");
        }
        Optional.ofNullable(dnsServers.remove(n.id())).ifPresent(DnsServer::close);
        links.deleteLink(n.bridge());
        table.deleteNetwork(n.id());
        networksChanged();
    }

    @Override
    public synchronized List<String> prune() {
        List<String> removed = new ArrayList<>();
        for (Network n : table.networks()) {
            if (!isBuiltIn(n) && endpoints(n.id()).isEmpty() && virtualAddresses(n.id()).isEmpty()) {
                remove(n.id());
                removed.add(n.name());
            }
        }
        return removed;
    }

    @Override
    public List<Endpoint> endpoints(String networkId) {
        return table.endpoints().stream().filter(e -> e.networkId().equals(networkId)).toList();
    }

    @Override
    public synchronized Path createSandbox(String containerId) {
        String netns = "berth-" + containerId.substring(0, 12);
        table.insertSandbox(containerId, netns);
        links.deleteNamespace(netns); // left over from a crash between record and namespace
        try {
            links.addNamespace(netns);
        } catch (RuntimeException e) {
            table.deleteSandbox(containerId);
            throw e;
        }
        return Links.namespacePath(netns);
    }

    @Override
    public synchronized Endpoint connect(String containerId, String network, EndpointRequest request) {
        Network n = resolve(network);
        if (!n.hasBridge()) {
            throw BerthException.invalid("container cannot be connected to network " + n.name() + ": it is not a bridge network");
        }
        String netns = table.sandbox(containerId).orElseThrow(() -> BerthException.conflict(
                "container " + containerId + " has no network namespace: it is not running"));
        List<Endpoint> all = table.endpoints();
        List<Endpoint> mine = all.stream().filter(e -> e.containerId().equals(containerId)).toList();
        if (mine.stream().anyMatch(e -> e.networkId().equals(n.id()))) {
            throw BerthException.conflict("endpoint with name for container " + containerId + " already exists in network " + n.name());
        }
        Ipv4 address = ipam.allocate(n, request.address(), Ipam.leased(n.id(), all, table.virtualAddresses()));
        String id = Ids.newId();
        String ifname = freeIfname(mine);
        Endpoint ep = new Endpoint(id, n.id(), n.name(), containerId, address, n.subnet().prefixLength(), n.gateway(),
                mac(address), "bv" + id.substring(0, 11), ifname, request.dnsNames(), n.dns() ? n.gateway() : null,
                request.upstreamDns());
        table.insertEndpoint(ep);
        try {
            links.addVeth(netns, ep.hostInterface(), n.bridge(), ifname, ep.macAddress(), address, ep.prefixLength(),
                    mine.isEmpty() && !n.internal() ? Optional.of(n.gateway()) : Optional.empty());
        } catch (RuntimeException e) {
            table.deleteEndpoint(n.id(), containerId);
            throw e;
        }
        dnsNames.add(ep);
        return ep;
    }

    @Override
    public synchronized void disconnect(String containerId, String networkId) {
        Endpoint ep = table.endpoints().stream()
                .filter(e -> e.containerId().equals(containerId) && e.networkId().equals(networkId)).findFirst()
                .orElseThrow(() -> BerthException.notFound("container " + containerId + " is not connected to network " + networkId));
        List<NetworkTable.PortRow> viaEndpoint = table.ports().stream()
                .filter(p -> p.containerId().equals(containerId) && p.targetIp().equals(ep.address().toString())).toList();
        unpublish(viaEndpoint);
        removeEndpoint(ep);
    }

    /** Balanced ports and their backends; in memory, as their owners publish them again after a daemon start. */
    private final Map<BalancedPort, List<InetSocketAddress>> balanced = new LinkedHashMap<>();

    @Override
    public synchronized List<PortMapping> publish(String containerId, Endpoint endpoint, List<PortMapping> ports) {
        List<PortMapping> reserved = new ArrayList<>();
        try {
            for (PortMapping p : ports) {
                reserved.add(reservations.reserve(p));
            }
            List<NetworkTable.PortRow> rows = reserved.stream().map(p -> new NetworkTable.PortRow(containerId, p.protocol(),
                    p.hostIp(), p.hostPort(), endpoint.address().toString(), p.containerPort())).toList();
            table.insertPorts(rows);
            try {
                firewall.addPorts(rows);
            } catch (RuntimeException e) {
                table.deletePorts(containerId);
                throw e;
            }
            return reserved;
        } catch (RuntimeException e) {
            reservations.release(reserved);
            throw e;
        }
    }

    @Override
    public synchronized void destroySandbox(String containerId) {
        unpublish(table.ports().stream().filter(p -> p.containerId().equals(containerId)).toList());
        table.endpoints().stream().filter(e -> e.containerId().equals(containerId)).forEach(this::removeEndpoint);
        Optional<String> netns = table.sandbox(containerId);
        if (netns.isPresent()) {
            links.deleteNamespace(netns.get());
            table.deleteSandbox(containerId);
        }
    }

    @Override
    public synchronized VirtualAddress reserveVirtualAddress(String network, String owner, List<String> names) {
        Network n = resolve(network);
        if (!n.hasBridge()) {
            throw BerthException.invalid("cannot reserve a virtual address on network " + n.name() + ": it is not a bridge network");
        }
        if (!n.dns() && !names.isEmpty()) {
            throw BerthException.invalid("network " + n.name() + " has no embedded DNS to answer " + String.join(", ", names)
                    + ": use a user-defined network (berth network create)");
        }
        Optional<VirtualAddress> existing = virtualAddresses(n.id()).stream().filter(v -> v.owner().equals(owner)).findFirst();
        if (existing.isPresent()) {
            VirtualAddress renamed = new VirtualAddress(n.id(), n.name(), owner, existing.get().address(), names);
            table.putVirtualAddress(renamed);
            dnsNames.add(renamed);
            return renamed;
        }
        Ipv4 address = ipam.allocate(n, Optional.empty(), Ipam.leased(n.id(), table.endpoints(), table.virtualAddresses()));
        VirtualAddress v = new VirtualAddress(n.id(), n.name(), owner, address, names);
        table.putVirtualAddress(v);
        try {
            networksChanged(); // isolated before it answers
            links.addHostAddress(n.bridge(), address);
        } catch (RuntimeException e) {
            removeVirtualAddress(n, v);
            throw e;
        }
        dnsNames.add(v);
        return v;
    }

    @Override
    public synchronized void releaseVirtualAddress(String network, String owner) {
        find(network).ifPresent(n -> virtualAddresses(n.id()).stream().filter(v -> v.owner().equals(owner)).findFirst()
                .ifPresent(v -> removeVirtualAddress(n, v)));
    }

    @Override
    public List<VirtualAddress> virtualAddresses() {
        return table.virtualAddresses();
    }

    private List<VirtualAddress> virtualAddresses(String networkId) {
        return table.virtualAddresses().stream().filter(v -> v.networkId().equals(networkId)).toList();
    }

    private void removeVirtualAddress(Network n, VirtualAddress v) {
        dnsNames.remove(v);
        links.deleteHostAddress(n.bridge(), v.address());
        table.deleteVirtualAddress(n.id(), v.owner());
        networksChanged();
    }

    @Override
    public synchronized void recover(Set<String> running) {
        Set<String> stale = new HashSet<>(table.sandboxContainers());
        table.endpoints().forEach(e -> stale.add(e.containerId()));
        table.ports().forEach(p -> stale.add(p.containerId()));
        stale.removeAll(running);
        for (String id : stale) {
            try {
                table.deletePorts(id); // the ruleset is rebuilt below without them; nothing to delete one by one
                destroySandbox(id);
            } catch (BerthException e) {
                LOG.log(Level.WARNING, "cannot clean up the network of container " + id + ": " + e.getMessage());
            }
        }
        List<NetworkTable.PortRow> ports = table.ports();
        List<VirtualAddress> virtuals = table.virtualAddresses();
        firewall.reset(bridges(), virtuals, ports);
        // An idle daemon's close took them off with the bridges; back on now that the ruleset isolates them.
        for (VirtualAddress v : virtuals) {
            links.addHostAddress(resolve(v.networkId()).bridge(), v.address());
            dnsNames.add(v);
        }
        for (NetworkTable.PortRow p : ports) {
            try {
                reservations.reserve(new PortMapping(p.protocol(), p.hostIp(), p.hostPort(), p.targetPort()));
            } catch (BerthException e) {
                LOG.log(Level.WARNING, "published port " + p.hostIp() + ":" + p.hostPort() + " of container " + p.containerId()
                        + " could not be reserved again: " + e.getMessage());
            }
        }
        table.endpoints().forEach(dnsNames::add);
    }

    /**
     * Stops the DNS servers and lets go of port reservations. With no container left on any network it also
     * removes the bridges and the ruleset, so a stopped, idle berthd leaves the host's network as it found it;
     * otherwise they stay, and running containers keep their connectivity until the next start re-adopts them.
     */
    @Override
    public synchronized void close() {
        dnsServers.values().forEach(DnsServer::close);
        dnsServers.clear();
        reservations.releaseAll();
        if (table.sandboxContainers().isEmpty() && table.endpoints().isEmpty()) {
            for (Network n : bridges()) {
                links.deleteLink(n.bridge());
            }
            firewall.delete();
        }
    }

    @Override
    public synchronized BalancedPort publishBalanced(String owner, String hostIp, int hostPort) {
        String ip = hostIp.isEmpty() ? "0.0.0.0" : hostIp;
        BalancedPort port = new BalancedPort(owner, ip, reservations.reserveTcp(ip, hostPort));
        balanced.put(port, List.of());
        return port;
    }

    @Override
    public synchronized void balance(BalancedPort port, List<InetSocketAddress> backends) {
        if (!balanced.containsKey(port)) {
            throw BerthException.notFound("balanced port " + port.hostIp() + ":" + port.hostPort() + " of " + port.owner()
                    + " is not published");
        }
        if (balanced.get(port).equals(backends)) {
            return;
        }
        Map<BalancedPort, List<InetSocketAddress>> next = new LinkedHashMap<>(balanced);
        next.put(port, List.copyOf(backends));
        firewall.balancedPorts(next);
        balanced.put(port, List.copyOf(backends));
    }

    @Override
    public synchronized void unpublishBalanced(BalancedPort port) {
        if (balanced.remove(port) == null) {
            return;
        }
        try {
            firewall.balancedPorts(balanced);
        } finally {
            reservations.releaseTcp(port.hostIp(), port.hostPort());
        }
    }

    @Override
    public int forwardedConnections(InetSocketAddress backend) {
        return Conntrack.established(Path.of("/proc/net/nf_conntrack"), backend);
    }

    private void unpublish(List<NetworkTable.PortRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            firewall.removePorts(rows);
        } catch (BerthException e) {
            LOG.log(Level.WARNING, "cannot remove published ports from the ruleset: " + e.getMessage());
        }
        rows.stream().map(NetworkTable.PortRow::containerId).distinct().forEach(table::deletePorts);
        reservations.release(rows.stream().map(p -> new PortMapping(p.protocol(), p.hostIp(), p.hostPort(), p.targetPort())).toList());
    }

    private void removeEndpoint(Endpoint ep) {
        dnsNames.remove(ep);
        links.deleteLink(ep.hostInterface());
        table.deleteEndpoint(ep.networkId(), ep.containerId());
    }

    private void networksChanged() {
        firewall.networksChanged(bridges(), table.virtualAddresses());
    }

    private List<Network> bridges() {
        return table.networks().stream().filter(Network::hasBridge).toList();
    }

    private static boolean isBuiltIn(Network n) {
        return n.name().equals(DEFAULT_BRIDGE) || !n.hasBridge();
    }

    private static String freeIfname(List<Endpoint> mine) {
        for (int i = 0; ; i++) {
            String name = "eth" + i;
            if (mine.stream().noneMatch(e -> e.ifname().equals(name))) {
                return name;
            }
        }
    }

    /** Docker's MAC scheme: 02:42 followed by the IPv4 address, unique wherever the address is. */
    static String mac(Ipv4 a) {
        int b = a.bits();
        return "02:42:%02x:%02x:%02x:%02x".formatted(b >>> 24, b >>> 16 & 255, b >>> 8 & 255, b & 255);
    }
}
