package dev.berth.network.bridge;

import dev.berth.common.BerthException;
import dev.berth.network.Ipv4;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The embedded DNS server of one user-defined network, listening on the bridge's gateway address. It answers
 * container names from {@link DnsNames} and forwards every other query to the asking container's {@code --dns}
 * servers or the host's resolvers, from the host's namespace, where a loopback resolver such as
 * systemd-resolved is reachable too.
 */
final class DnsServer implements AutoCloseable {
    private static final Logger LOG = System.getLogger("berth.network");
    private static final int UPSTREAM_TIMEOUT_MS = 3000;

    private final String networkId;
    private final DnsNames names;
    private final DatagramSocket socket;

    private DnsServer(String networkId, DnsNames names, DatagramSocket socket) {
        this.networkId = networkId;
        this.names = names;
        this.socket = socket;
    }

    static DnsServer start(String networkId, Ipv4 address, DnsNames names) {
        try {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address.toString()), 53));
            DnsServer server = new DnsServer(networkId, names, socket);
            Thread.ofPlatform().daemon().name("dns-" + address).start(server::serve);
            return server;
        } catch (IOException e) {
            throw BerthException.internal("cannot start the embedded DNS server on " + address + ":53: " + e.getMessage()
                    + " (is another DNS server bound to every address?)", e);
        }
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.log(Level.WARNING, "embedded DNS receive failed: " + e.getMessage());
                }
                continue;
            }
            handle(java.util.Arrays.copyOf(p.getData(), p.getLength()), (InetSocketAddress) p.getSocketAddress());
        }
    }

    private void handle(byte[] query, InetSocketAddress client) {
        Ipv4 source = new Ipv4(java.nio.ByteBuffer.wrap(client.getAddress().getAddress()).getInt());
        Optional<DnsMessage.Question> q = DnsMessage.question(query, query.length);
        List<Ipv4> known = q.filter(question -> question.qclass() == 1)
                .map(question -> names.lookup(networkId, source, question.name())).orElse(List.of());
        if (!known.isEmpty()) {
            send(DnsMessage.answer(query, q.get(), known), client);
            return;
        }
        List<InetSocketAddress> upstream = names.upstream(networkId, source);
        Thread.ofVirtual().start(() -> forward(query, q, client, upstream));
    }

    /** Relays one query to the first upstream that answers; SERVFAIL when none does. */
    private void forward(byte[] query, Optional<DnsMessage.Question> q, InetSocketAddress client, List<InetSocketAddress> upstream) {
        for (InetSocketAddress server : upstream) {
            try (DatagramSocket s = new DatagramSocket()) {
                s.setSoTimeout(UPSTREAM_TIMEOUT_MS);
                s.send(new DatagramPacket(query, query.length, server));
                DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
                s.receive(reply);
                send(java.util.Arrays.copyOf(reply.getData(), reply.getLength()), client);
                return;
            } catch (SocketTimeoutException e) {
                LOG.log(Level.DEBUG, "DNS upstream " + server + " did not answer in time");
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "DNS upstream " + server + " failed: " + e.getMessage());
            }
        }
        q.ifPresent(question -> send(DnsMessage.serverFailure(query, question), client));
    }

    private void send(byte[] packet, InetSocketAddress client) {
        try {
            socket.send(new DatagramPacket(packet, packet.length, client));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot answer DNS client " + client + ": " + e.getMessage());
        }
    }

    /** The resolvers of a resolv.conf text, as socket addresses on port 53. */
    static List<InetSocketAddress> resolvers(String resolvConf) {
        List<String> nameservers = new ArrayList<>();
        for (String line : resolvConf.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 2 && f[0].equals("nameserver")) {
                nameservers.add(f[1]);
            }
        }
        return resolvers(nameservers);
    }

    /** Resolver addresses ({@code --dns} values) as socket addresses on port 53; unusable ones are skipped. */
    static List<InetSocketAddress> resolvers(List<String> addresses) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String address : addresses) {
            try {
                out.add(new InetSocketAddress(InetAddress.getByName(address), 53));
            } catch (UnknownHostException e) {
                LOG.log(Level.DEBUG, "ignoring resolver " + address + ": " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    @Override
    public void close() {
        socket.close();
    }
}
