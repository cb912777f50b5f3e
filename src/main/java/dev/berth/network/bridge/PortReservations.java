package dev.berth.network.bridge;

import dev.berth.common.BerthException;
import dev.berth.network.PortMapping;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds a bound socket for every published host port. Traffic never reaches these sockets (DNAT sends it to
 * the container first); they make the kernel refuse the port to anyone else, turn "already in use by some
 * host program" into a clear error before anything is changed, and pick free ports for {@code -p 80}.
 * A TCP socket is bound but never listens, so it accepts nothing.
 */
final class PortReservations {
    private final Map<String, Closeable> held = new ConcurrentHashMap<>();

    /** Binds the mapping's host port (a free one when it is 0) and returns the mapping with the real port. */
    PortMapping reserve(PortMapping m) {
        NetworkChannel channel = null;
        try {
            channel = m.protocol().equals("tcp") ? SocketChannel.open() : DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            channel.bind(new InetSocketAddress(m.hostIp(), m.hostPort()));
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            PortMapping real = new PortMapping(m.protocol(), m.hostIp(), port, m.containerPort());
            held.put(key(real), channel);
            return real;
        } catch (BindException e) {
            closeQuietly(channel);
            throw BerthException.conflict("Bind for " + m.hostIp() + ":" + m.hostPort() + " failed: port is already allocated ("
                    + m.protocol() + " " + e.getMessage() + ")");
        } catch (IOException e) {
            closeQuietly(channel);
            throw BerthException.invalid("cannot publish " + m.hostIp() + ":" + m.hostPort() + "/" + m.protocol() + ": " + e.getMessage());
        }
    }

    void release(List<PortMapping> mappings) {
        for (PortMapping m : mappings) {
            closeQuietly(held.remove(key(m)));
        }
    }

    void releaseAll() {
        held.values().forEach(PortReservations::closeQuietly);
        held.clear();
    }

    private static String key(PortMapping m) {
        return m.protocol() + "/" + m.hostIp() + "/" + m.hostPort();
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // a socket that fails to close holds nothing we can free
            }
        }
    }
}
