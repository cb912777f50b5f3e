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
        return new PortMapping(m.protocol(), m.hostIp(), bind(m.protocol(), m.hostIp(), m.hostPort()), m.containerPort());
    }

    /** Binds a TCP host port (a free one when it is 0) and returns the real port. */
    int reserveTcp(String hostIp, int hostPort) {
        return bind("tcp", hostIp, hostPort);
    }

    void release(List<PortMapping> mappings) {
        for (PortMapping m : mappings) {
            closeQuietly(held.remove(key(m.protocol(), m.hostIp(), m.hostPort())));
        }
    }

    void releaseTcp(String hostIp, int hostPort) {
        closeQuietly(held.remove(key("tcp", hostIp, hostPort)));
    }

    private int bind(String protocol, String hostIp, int hostPort) {
        NetworkChannel channel = null;
        try {
            channel = protocol.equals("tcp") ? SocketChannel.open() : DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            channel.bind(new InetSocketAddress(hostIp, hostPort));
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            held.put(key(protocol, hostIp, port), channel);
            return port;
        } catch (BindException e) {
            closeQuietly(channel);
            throw BerthException.conflict("Bind for " + hostIp + ":" + hostPort + " failed: port is already allocated ("
                    + protocol + " " + e.getMessage() + ")");
        } catch (IOException e) {
            closeQuietly(channel);
            throw BerthException.invalid("cannot publish " + hostIp + ":" + hostPort + "/" + protocol + ": " + e.getMessage());
        }
    }

    void releaseAll() {
        held.values().forEach(PortReservations::closeQuietly);
        held.clear();
    }

    private static String key(String protocol, String hostIp, int hostPort) {
        return protocol + "/" + hostIp + "/" + hostPort;
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
