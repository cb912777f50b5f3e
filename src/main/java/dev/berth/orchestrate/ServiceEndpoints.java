package dev.berth.orchestrate;

import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import dev.berth.compose.PortMapping;
import dev.berth.engine.ContainerService;
import dev.berth.engine.EndpointSettings;
import dev.berth.network.BalancedPort;
import dev.berth.network.Ipv4;
import dev.berth.network.NetworkService;
import dev.berth.orchestrate.balancer.Backend;
import dev.berth.orchestrate.balancer.ServiceBalancer;
import dev.berth.orchestrate.balancer.Strategy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The ports of services. A round-robin port published on the host is spread by the kernel (DNAT with a counter,
 * {@link NetworkService#publishBalanced}): no proxy in the path, so it is as fast as reaching a replica directly.
 * Least-connections ports, and the service's virtual addresses that the host port does not already cover, go
 * through Berth's userland {@link ServiceBalancer}. The reconciler gives the ready replicas after every step, so a
 * replica that dies, turns unhealthy or is being removed gets no new connection from then on, and one being
 * removed keeps its open connections until they end or the service's stop grace period passes.
 */
public final class ServiceEndpoints implements Reconciler.Traffic, AutoCloseable {
    private static final Duration DRAIN_POLL = Duration.ofMillis(10);

    private final ContainerService containers;
    private final NetworkService networks;
    private final Map<String, List<Published>> open = new ConcurrentHashMap<>();

    /**
     * One port of a service: where it is published on the host, if it is, the virtual addresses of the service on
     * its networks, on which it answers at {@code target}, and how connections are spread.
     */
    public record ServicePort(Optional<PortMapping> published, int target, List<Ipv4> vips, Strategy strategy) {
        public ServicePort {
            vips = List.copyOf(vips);
        }

        /**
         * The ports of a service: each published one, and each exposed one not published; all answer on the VIPs.
         *
         * @param expose Docker's keys, "80/tcp"; only tcp ones are balanced
         */
        public static List<ServicePort> of(List<PortMapping> ports, List<String> expose, List<Ipv4> vips, Strategy strategy) {
            List<ServicePort> out = new ArrayList<>();
            ports.forEach(p -> out.add(new ServicePort(Optional.of(p), p.target(), vips, strategy)));
            expose.stream().filter(e -> e.endsWith("/tcp") && !vips.isEmpty()).map(e -> Integer.parseInt(e.substring(0, e.indexOf('/'))))
                    .filter(t -> ports.stream().noneMatch(p -> p.target() == t)).distinct()
                    .forEach(t -> out.add(new ServicePort(Optional.empty(), t, vips, strategy)));
            return out;
        }

        /** A host port on all addresses with the target's number already answers on every VIP. */
        boolean hostCoversVips() {
            return published.filter(p -> (p.hostIp().isEmpty() || p.hostIp().equals("0.0.0.0"))
                    && p.published().equals(String.valueOf(target))).isPresent();
        }

        /** Whether the kernel spreads the host port: round-robin over tcp needs no proxy. */
        boolean inKernel() {
            return strategy == Strategy.ROUND_ROBIN && published.isPresent();
        }
    }

    /** One service port: its kernel-balanced host port and/or the userland balancer serving the rest. */
    private record Published(ServicePort port, Optional<BalancedPort> kernel, Optional<ServiceBalancer> balancer) {
        void close(NetworkService networks) {
            kernel.ifPresent(networks::unpublishBalanced);
            balancer.ifPresent(ServiceBalancer::close);
        }

        List<InetSocketAddress> addresses() {
            List<InetSocketAddress> all = new ArrayList<>();
            kernel.ifPresent(k -> all.add(new InetSocketAddress(k.hostIp(), k.hostPort())));
            balancer.ifPresent(b -> all.addAll(b.frontends()));
            return all;
        }
    }

    public ServiceEndpoints(ContainerService containers, NetworkService networks) {
        this.containers = containers;
        this.networks = networks;
    }

    /**
     * Opens the ports of a service, keeping those that stay as they were. Those that go are closed first, since a
     * new one may want the same host port or VIP and target. A port in use fails the whole call with a CONFLICT
     * that names it; nothing new stays open and the ports that were closed are opened again.
     */
    public synchronized void publish(String stack, String service, List<ServicePort> ports) {
        String key = stack + "/" + service;
        List<Published> before = open.getOrDefault(key, List.of());
        List<Published> kept = before.stream().filter(p -> ports.contains(p.port())).toList();
        List<Published> gone = before.stream().filter(p -> !kept.contains(p)).toList();
        gone.forEach(p -> p.close(networks));
        List<Published> now = new ArrayList<>(kept);
        try {
            now.addAll(openAll(stack + "_" + service, ports.stream().filter(port -> kept.stream().noneMatch(p -> p.port().equals(port)))
                    .toList()));
        } catch (RuntimeException e) {
            now.addAll(openAll(stack + "_" + service, gone.stream().map(Published::port).toList()));
            open.put(key, List.copyOf(now));
            throw e;
        }
        open.put(key, List.copyOf(now));
    }

    /** Opens every one of {@code ports}, or none of them. */
    private List<Published> openAll(String owner, List<ServicePort> ports) {
        List<Published> opened = new ArrayList<>();
        try {
            for (ServicePort port : ports) {
                opened.add(open(owner, port));
            }
        } catch (RuntimeException e) {
            opened.forEach(p -> p.close(networks));
            throw e;
        }
        return opened;
    }

    /** Closes the ports of every service of {@code stack} that {@code keep} does not name. */
    public synchronized void unpublishExcept(String stack, java.util.Set<String> keep) {
        open.keySet().stream().filter(k -> k.startsWith(stack + "/") && !keep.contains(k.substring(stack.length() + 1))).toList()
                .forEach(k -> open.remove(k).forEach(p -> p.close(networks)));
    }

    /** Every address a service's ports listen on (host ports with port 0 resolved, then VIPs), port by port. */
    public List<InetSocketAddress> addresses(String stack, String service) {
        return open.getOrDefault(stack + "/" + service, List.of()).stream().flatMap(p -> p.addresses().stream()).toList();
    }

    @Override
    public void ready(ServicePlan plan, List<Replica> replicas) {
        List<Published> ports = open.getOrDefault(plan.stack() + "/" + plan.service(), List.of());
        if (ports.isEmpty()) {
            return;
        }
        Map<String, String> addresses = new LinkedHashMap<>();
        replicas.forEach(r -> address(r.containerId()).ifPresent(ip -> addresses.put(r.name(), ip)));
        for (Published p : ports) {
            List<Backend> backends = new ArrayList<>();
            addresses.forEach((name, ip) -> backends.add(new Backend(name, new InetSocketAddress(ip, p.port().target()))));
            p.kernel().ifPresent(k -> networks.balance(k, backends.stream().map(Backend::address).toList()));
            p.balancer().ifPresent(b -> b.backends(backends, plan.stopGrace()));
        }
    }

    @Override
    public void awaitDrained(ServicePlan plan, Replica replica, Duration max) {
        List<Published> ports = open.getOrDefault(plan.stack() + "/" + plan.service(), List.of());
        Optional<String> ip = address(replica.containerId());
        Predicate<Published> busy = p -> p.balancer().map(b -> b.stats().backends().stream()
                        .anyMatch(s -> s.backend().id().equals(replica.name()) && s.activeConnections() > 0)).orElse(false)
                || p.kernel().isPresent() && ip.isPresent()
                && networks.forwardedConnections(new InetSocketAddress(ip.get(), p.port().target())) > 0;
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && ports.stream().anyMatch(busy)) {
            try {
                Thread.sleep(DRAIN_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The replica's address on its first network, while it has one. */
    private Optional<String> address(String containerId) {
        return containers.find(containerId).flatMap(c -> c.networks().values().stream().findFirst())
                .map(EndpointSettings::ipAddress).filter(ip -> !ip.isEmpty());
    }

    /**
     * Opens one service port: its host port in the kernel (round-robin) or on a userland balancer, the latter also
     * on VIP:target for each VIP the host port does not already cover. A range takes its first free port.
     */
    private Published open(String owner, ServicePort port) {
        List<InetSocketAddress> vips = port.hostCoversVips() ? List.of() : port.vips().stream().map(v -> new InetSocketAddress(v.toString(), port.target())).toList();
        if (port.published().isEmpty()) {
            return new Published(port, Optional.empty(), Optional.of(ServiceBalancer.open(vips, port.strategy())));
        }
        PortMapping p = port.published().get();
        if (!p.protocol().equals("tcp")) {
            throw BerthException.invalid("published port " + p.published() + "/" + p.protocol()
                    + ": the service load balancer serves tcp only; publish udp from a plain container");
        }
        String host = p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp();
        String[] range = p.published().isEmpty() ? new String[] {"0"} : p.published().split("-");
        int first = Integer.parseInt(range[0]);
        int last = Integer.parseInt(range[range.length - 1]);
        for (int n = first; ; n++) {
            try {
                if (port.inKernel()) {
                    BalancedPort kernel = networks.publishBalanced(owner, host, n);
                    try {
                        return new Published(port, Optional.of(kernel),
                                vips.isEmpty() ? Optional.empty() : Optional.of(ServiceBalancer.open(vips, port.strategy())));
                    } catch (RuntimeException e) {
                        networks.unpublishBalanced(kernel);
                        throw e;
                    }
                }
                List<InetSocketAddress> frontends = new ArrayList<>();
                frontends.add(new InetSocketAddress(host, n));
                frontends.addAll(vips);
                return new Published(port, Optional.empty(), Optional.of(ServiceBalancer.open(frontends, port.strategy())));
            } catch (BerthException e) {
                if (e.kind() != ErrorKind.CONFLICT || n >= last) {
                    throw e;
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(list -> list.forEach(p -> p.close(networks)));
        open.clear();
    }
}
