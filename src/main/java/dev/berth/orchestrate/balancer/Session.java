package dev.berth.orchestrate.balancer;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One accepted client connection and its backend connection, owned by one {@link ForwardingLoop} thread. First
 * it connects: a backend that refuses, resets or does not answer in time ({@link BalancerOptions#failoverAfter}
 * while other backends are left, {@link BalancerOptions#connectTimeout} for the last) is counted and the next one is
 * tried, until one accepts or none is left (then the client is reset). Then it relays both {@link Flow}s
 * until both ended (a normal close) or either side fails (both are reset, so that neither mistakes a cut
 * connection for a complete one).
 */
final class Session {
    private static final Logger LOG = System.getLogger("berth.orchestrate");

    private final ForwardingLoop loop;
    private final SocketChannel client;
    private final List<BackendState> tried = new ArrayList<>(2);
    /** The backend of the current attempt or connection, counted as active on it; null while none is. */
    private BackendState target;
    private SocketChannel backend;
    private SelectionKey clientKey;
    private SelectionKey backendKey;
    /** Both null while connecting. */
    private Flow upstream;
    private Flow downstream;
    private int attempt;
    private boolean closed;

    private Session(ForwardingLoop loop, SocketChannel client) {
        this.loop = loop;
        this.client = client;
    }

    /** Takes over an accepted client connection; on the loop thread. */
    static void start(ForwardingLoop loop, SocketChannel client) {
        Session session = new Session(loop, client);
        try {
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            session.abort();
            return;
        }
        loop.add(session);
        session.connectNext();
    }

    boolean servedBy(BackendState state) {
        return target == state;
    }

    private void connectNext() {
        Optional<BackendState> next = loop.pool().reserve(tried);
        if (next.isEmpty()) {
            loop.countUnserved();
            abort();
            return;
        }
        target = next.get();
        tried.add(target);
        int thisAttempt = ++attempt;
        InetSocketAddress address = target.backend().address();
        boolean connected;
        try {
            backend = SocketChannel.open(family(address));
            backend.configureBlocking(false);
            backend.setOption(StandardSocketOptions.TCP_NODELAY, true);
            // On loopback and bridges the handshake completes inside connect(): asking at once saves a selector round.
            connected = backend.connect(address) || backend.finishConnect();
            if (!connected) {
                backendKey = backend.register(loop.selector(), SelectionKey.OP_CONNECT, this);
                Duration limit = loop.pool().untriedLeft(tried) ? loop.options().failoverAfter() : loop.options().connectTimeout();
                loop.schedule(limit, () -> {
                    if (!closed && upstream == null && attempt == thisAttempt) {
                        attemptFailed(new SocketTimeoutException("no answer within " + limit));
                    }
                });
            }
        } catch (IOException e) {
            attemptFailed(e);
            return;
        }
        if (connected) {
            try {
                relay();
            } catch (IOException e) {
                abort();
            }
        }
    }

    private static ProtocolFamily family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    private void attemptFailed(IOException cause) {
        LOG.log(Level.DEBUG, () -> "backend %s at %s failed a connect: %s; trying the next"
                .formatted(target.backend().id(), target.backend().address(), cause));
        target.connectFailed();
        target.release();
        target = null;
        if (backend != null) { // null when the socket could not even be opened
            closeQuietly(backend);
        }
        backend = null;
        backendKey = null;
        connectNext();
    }

    private void relay() throws IOException {
        target.connected();
        upstream = new Flow(client, backend, target.bytesToBackend());
        downstream = new Flow(backend, client, target.bytesFromBackend());
        if (backendKey == null) {
            backendKey = backend.register(loop.selector(), SelectionKey.OP_READ, this);
        } else {
            backendKey.interestOps(SelectionKey.OP_READ);
        }
        clientKey = client.register(loop.selector(), SelectionKey.OP_READ, this);
    }

    /** One of this session's channels is ready; on the loop thread. */
    void ready(SelectionKey key) {
        try {
            if (upstream == null) {
                if (backend.finishConnect()) {
                    relay();
                }
                return;
            }
            boolean clientSide = key == clientKey;
            Flow readHere = clientSide ? upstream : downstream;
            Flow writeHere = clientSide ? downstream : upstream;
            if (key.isWritable()) {
                writeHere.flush();
            }
            if (key.isReadable() && readHere.wantsRead()) {
                readHere.relay(loop.buffer());
            }
            if (upstream.finished() && downstream.finished()) {
                end(false);
                return;
            }
            interest(clientKey, upstream, downstream);
            interest(backendKey, downstream, upstream);
        } catch (IOException e) {
            if (upstream == null) {
                attemptFailed(e);
            } else {
                abort();
            }
        }
    }

    private static void interest(SelectionKey key, Flow readFrom, Flow writeTo) {
        int ops = (readFrom.wantsRead() ? SelectionKey.OP_READ : 0) | (writeTo.wantsWrite() ? SelectionKey.OP_WRITE : 0);
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** Resets both connections: the client learns that it was cut, not that the answer ended. */
    void abort() {
        end(true);
    }

    private void end(boolean reset) {
        if (closed) {
            return;
        }
        closed = true;
        if (target != null) {
            target.release();
            target = null;
        }
        loop.remove(this);
        close(client, reset);
        if (backend != null) {
            close(backend, reset);
        }
    }

    private static void close(SocketChannel channel, boolean reset) {
        if (reset) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException e) {
                // Already closed or never connected: nothing to reset.
            }
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket fails only when it is gone already.
        }
    }
}
