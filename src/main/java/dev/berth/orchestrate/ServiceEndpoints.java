package dev.berth.orchestrate;

import dev.berth.common.BerthException;
import dev.berth.compose.PortMapping;
import dev.berth.engine.ContainerService;
import dev.berth.engine.EndpointSettings;
import dev.berth.network.Ipv4;
import dev.berth.orchestrate.balancer.Backend;
import dev.berth.orchestrate.balancer.ServiceBalancer;
import dev.berth.orchestrate.balancer.Strategy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published ports of services: one {@link ServiceBalancer} per port, listening on the host and spreading
 * connections over the service's ready replicas. The reconciler tells it the ready replicas after every step, so
 * a replica that dies, turns unhealthy or is being removed gets no new connection from then on, and a removed
 * one's open connections drain for the service's stop grace period.
 */
public final class ServiceEndpoints implements Reconciler.Traffic, AutoCloseable {
    private static final java.time.Duration DRAIN_POLL = java.time.Duration.ofMillis(10);

    private final ContainerService containers;
    private final Map<String, List<Published>> open = new ConcurrentHashMap<>();

    /**
     * One port of a service: where it is published on the host, if it is, and the virtual addresses of the service on
     * its networks, on which it answers at {@code target}.
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
    }

    /** One service port and the balancer that serves it. */
    private record Published(ServicePort port, ServiceBalancer balancer) {}

    public ServiceEndpoints(ContainerService containers) {
        this.containers = containers;
    }

    /**
     * Opens the balancers of a service's ports, keeping those that stay as they were. A port in use fails the whole
     * call with a CONFLICT that names it, and nothing new stays open.
     */
    public synchronized void publish(String stack, String service, List<ServicePort> ports) {
        String key = stack + "/" + service;
        List<Published> before = open.getOrDefault(key, List.of());
        List<Published> kept = before.stream().filter(p -> ports.contains(p.port())).toList();
        List<Published> opened = new ArrayList<>();
        try {
            for (ServicePort port : ports) {
                if (kept.stream().noneMatch(p -> p.port().equals(port))) {
                    opened.add(new Published(port, openBalancer(port)));
                }
            }
        } catch (RuntimeException e) {
            opened.forEach(p -> p.balancer().close());
            throw e;
        }
        before.stream().filter(p -> !kept.contains(p)).forEach(p -> p.balancer().close());
        List<Published> now = new ArrayList<>(kept);
        now.addAll(opened);
        open.put(key, List.copyOf(now));
    }

    /** Closes the balancers of every service of {@code stack} that {@code keep} does not name. */
    public synchronized void unpublishExcept(String stack, java.util.Set<String> keep) {
        open.keySet().stream().filter(k -> k.startsWith(stack + "/") && !keep.contains(k.substring(stack.length() + 1))).toList()
                .forEach(k -> open.remove(k).forEach(p -> p.balancer().close()));
    }

    /** Every address a service's ports listen on (host ports with port 0 resolved, then VIPs), port by port. */
    public List<InetSocketAddress> addresses(String stack, String service) {
        return open.getOrDefault(stack + "/" + service, List.of()).stream().flatMap(p -> p.balancer().frontends().stream()).toList();
    }

    @Override
    public void ready(ServicePlan plan, List<Replica> replicas) {
        List<Published> ports = open.getOrDefault(plan.stack() + "/" + plan.service(), List.of());
        if (ports.isEmpty()) {
            return;
        }
        Map<String, String> addresses = new java.util.LinkedHashMap<>();
        replicas.forEach(r -> address(r.containerId()).ifPresent(ip -> addresses.put(r.name(), ip)));
        for (Published p : ports) {
            List<Backend> backends = new ArrayList<>();
            addresses.forEach((name, ip) -> backends.add(new Backend(name, new InetSocketAddress(ip, p.port().target()))));
            p.balancer().backends(backends, plan.stopGrace());
        }
    }

    @Override
    public void awaitDrained(ServicePlan plan, Replica replica, java.time.Duration max) {
        List<Published> ports = open.getOrDefault(plan.stack() + "/" + plan.service(), List.of());
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && ports.stream().anyMatch(p -> p.balancer().stats().backends().stream()
                .anyMatch(b -> b.backend().id().equals(replica.name()) && b.activeConnections() > 0))) {
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
     * A balancer on the port's host address (its port, the first free one of its range, or any free one) and on
     * VIP:target for each VIP the host address does not already cover.
     */
    private static ServiceBalancer openBalancer(ServicePort port) {
        List<InetSocketAddress> vips = port.hostCoversVips() ? List.of()
                : port.vips().stream().map(v -> new InetSocketAddress(v.toString(), port.target())).toList();
        if (port.published().isEmpty()) {
            return ServiceBalancer.open(vips, port.strategy());
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
            List<InetSocketAddress> frontends = new ArrayList<>();
            frontends.add(new InetSocketAddress(host, n));
            frontends.addAll(vips);
            try {
                return ServiceBalancer.open(frontends, port.strategy());
            } catch (BerthException e) {
                if (e.kind() != dev.berth.common.ErrorKind.CONFLICT || n >= last) {
                    throw e;
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(list -> list.forEach(p -> p.balancer().close()));
        open.clear();
    }
}
