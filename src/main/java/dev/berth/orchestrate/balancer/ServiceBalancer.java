package dev.berth.orchestrate.balancer;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The TCP load balancer of one service port: it listens on its frontends (a published host port, the service's
 * virtual IP on a network) and forwards each accepted connection to one backend, chosen by its {@link Strategy}.
 *
 * <pre>{@code
 * try (ServiceBalancer lb = ServiceBalancer.open(List.of(new InetSocketAddress("127.0.0.1", 8080)), Strategy.ROUND_ROBIN)) {
 *     lb.backends(List.of(new Backend("web.1", new InetSocketAddress("10.78.0.3", 80))), Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Lifecycle: {@link #open} binds every frontend (or none, on error) and starts forwarding; it has no backends
 * until {@link #backends} gives some. A connection accepted while no backend is set, or refused by every backend,
 * is reset at once, as kube-proxy rejects connections to a service without endpoints: a client fails fast and may
 * retry, instead of hanging on a connection that nothing serves. {@link #backends} and {@link #stats} are legal
 * from any thread until {@link #close}, which frees the ports and threads; after it, {@code backends} fails and
 * {@code stats} still answers.
 */
public final class ServiceBalancer implements AutoCloseable {
    private static final Duration MAX_DRAIN = Duration.ofHours(24);

    private final List<ServerSocketChannel> listeners;
    private final List<InetSocketAddress> frontends;
    private final BackendPool pool;
    private final List<ForwardingLoop> loops;
    private final LongAdder unserved;
    /** Every backend with a state: the current ones in order, then those draining. Guarded by this. */
    private final Map<Backend, BackendState> states = new LinkedHashMap<>();
    private boolean closed;

    private ServiceBalancer(List<ServerSocketChannel> listeners, List<InetSocketAddress> frontends, BackendPool pool,
                            List<ForwardingLoop> loops, LongAdder unserved) {
        this.listeners = listeners;
        this.frontends = frontends;
        this.pool = pool;
        this.loops = loops;
        this.unserved = unserved;
    }

    /** Opens a balancer with the default {@link BalancerOptions} for {@code strategy}. */
    public static ServiceBalancer open(List<InetSocketAddress> frontends, Strategy strategy) {
        return open(frontends, BalancerOptions.of(strategy));
    }

    /**
     * Binds every frontend and starts forwarding. Port 0 binds a free port ({@link #frontends} tells which).
     *
     * @throws BerthException INVALID_ARGUMENT for no or repeated frontends, or an address on no interface;
     *                        CONFLICT when a frontend's port is in use; nothing stays bound then
     */
    public static ServiceBalancer open(List<InetSocketAddress> frontends, BalancerOptions options) {
        checkFrontends(frontends);
        List<ServerSocketChannel> listeners = new ArrayList<>();
        List<ForwardingLoop> loops = new ArrayList<>();
        try {
            List<InetSocketAddress> bound = new ArrayList<>();
            for (InetSocketAddress frontend : frontends) {
                ServerSocketChannel listener = listen(frontend);
                listeners.add(listener);
                bound.add((InetSocketAddress) listener.getLocalAddress());
            }
            BackendPool pool = new BackendPool(options.strategy());
            LongAdder unserved = new LongAdder();
            for (int i = 0; i < options.loops(); i++) {
                loops.add(ForwardingLoop.start("lb-" + bound.getFirst().getPort() + "-" + i, listeners, pool, options, unserved));
            }
            return new ServiceBalancer(listeners, List.copyOf(bound), pool, loops, unserved);
        } catch (IOException e) {
            release(loops, listeners);
            throw BerthException.internal("cannot start the load balancer for " + frontends + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(loops, listeners);
            throw e;
        }
    }

    private static void checkFrontends(List<InetSocketAddress> frontends) {
        if (frontends.isEmpty()) {
            throw BerthException.invalid("a service load balancer needs at least one frontend address to listen on");
        }
        Set<InetSocketAddress> seen = new HashSet<>();
        for (InetSocketAddress frontend : frontends) {
            if (frontend.isUnresolved()) {
                throw BerthException.invalid("load-balancer frontend " + frontend + " is not an IP address");
            }
            if (frontend.getPort() != 0 && !seen.add(frontend)) {
                throw BerthException.invalid("load-balancer frontend " + frontend + " is given twice");
            }
        }
    }

    private static ServerSocketChannel listen(InetSocketAddress frontend) throws IOException {
        String where = frontend.getAddress().getHostAddress() + ":" + frontend.getPort();
        ServerSocketChannel listener = ServerSocketChannel.open(frontend.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            // Rebinding must not wait for the TIME_WAIT connections of a previous balancer on this port.
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(frontend, 4096);
            listener.configureBlocking(false);
            return listener;
        } catch (BindException e) {
            listener.close();
            String reason = String.valueOf(e.getMessage());
            if (reason.contains("in use")) {
                throw BerthException.conflict("cannot listen on " + where + " for the service: the address is already in use"
                        + " (stop what listens there, or publish another port)");
            }
            throw BerthException.invalid("cannot listen on " + where + " for the service: " + reason
                    + " (is the address on one of this host's interfaces?)");
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** The addresses it listens on, with the ports the kernel chose for port 0. */
    public List<InetSocketAddress> frontends() {
        return frontends;
    }

    /**
     * Replaces the backends at once: new connections go only to {@code next} (give only healthy replicas). A backend
     * that left keeps its open connections until they end or {@code drain} passed, then they are reset; one that
     * comes back before that is in service again with its connections. Backends that stay keep their counters.
     *
     * @throws BerthException INVALID_ARGUMENT for two backends with one id or a drain outside 0 to 24 h; CONFLICT once closed
     */
    public synchronized void backends(List<Backend> next, Duration drain) {
        if (closed) {
            throw BerthException.conflict("the load balancer on " + frontends + " is closed; open a new one");
        }
        if (drain.isNegative() || drain.compareTo(MAX_DRAIN) > 0) {
            throw BerthException.invalid("invalid drain time " + drain + " for the load balancer on " + frontends + ": give 0 to 24h");
        }
        Set<String> ids = new HashSet<>();
        for (Backend backend : next) {
            if (!ids.add(backend.id())) {
                throw BerthException.invalid("backend " + backend.id() + " is given twice for the load balancer on " + frontends);
            }
        }
        List<BackendState> members = new ArrayList<>();
        for (Backend backend : next) {
            BackendState state = states.computeIfAbsent(backend, BackendState::new);
            state.restore();
            members.add(state);
        }
        pool.replace(members);
        long deadline = System.nanoTime() + drain.toNanos();
        // The current backends first, in their order, then the draining ones that still hold connections.
        Map<Backend, BackendState> kept = new LinkedHashMap<>();
        members.forEach(state -> kept.put(state.backend(), state));
        for (BackendState state : states.values()) {
            if (kept.containsKey(state.backend())) {
                continue;
            }
            if (!state.draining()) {
                state.retire(deadline);
                loops.forEach(loop -> loop.cutWhenDrained(state, deadline));
            }
            if (state.active() > 0) {
                kept.put(state.backend(), state);
            }
        }
        states.clear();
        states.putAll(kept);
    }

    /** The counters of the current backends and of the draining ones that still hold connections. */
    public synchronized BalancerStats stats() {
        states.values().removeIf(state -> state.draining() && state.active() == 0);
        return new BalancerStats(states.values().stream().map(BackendState::stats).toList(), unserved.sum());
    }

    /** Resets every forwarded connection, stops the loops and unbinds the frontends; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            pool.replace(List.of());
            release(loops, listeners);
        }
    }

    private static void release(List<ForwardingLoop> loops, List<ServerSocketChannel> listeners) {
        loops.forEach(ForwardingLoop::stop);
        for (ServerSocketChannel listener : listeners) {
            try {
                listener.close();
            } catch (IOException e) {
                // A listener fails to close only when it is closed already.
            }
        }
    }

    /** Whether every forwarding thread ended (after {@link #close}). */
    boolean stopped() {
        return loops.stream().noneMatch(ForwardingLoop::alive);
    }
}
