package dev.berth.network.bridge;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Reads the kernel's connection tracking table ({@code /proc/net/nf_conntrack}) to count the connections DNAT sent
 * to a backend, so a replica leaving a balanced port is stopped only once they are done.
 */
final class Conntrack {
    private Conntrack() {}

    /**
     * Established TCP connections whose reply comes from {@code backend}: in a conntrack line the second
     * {@code src=}/{@code sport=} pair is the reply direction, i.e. where DNAT sent the connection.
     */
    static int established(Path table, InetSocketAddress backend) {
        String src = "src=" + backend.getAddress().getHostAddress() + " ";
        String sport = "sport=" + backend.getPort() + " ";
        try (Stream<String> lines = Files.lines(table)) {
            return (int) lines.filter(l -> l.contains(" tcp ") && l.contains(" ESTABLISHED "))
                    .filter(l -> {
                        int reply = l.indexOf("src=", l.indexOf("src=") + 4);
                        return reply >= 0 && l.startsWith(src, reply) && l.indexOf(sport, reply) >= 0;
                    }).count();
        } catch (IOException e) {
            throw BerthException.internal("cannot read the connection tracking table " + table + ": " + e.getMessage(), e);
        }
    }
}
