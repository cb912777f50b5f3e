package dev.berth.network;

import dev.berth.common.BerthException;

/**
 * A published port: {@code hostIp:hostPort} on the host forwards to {@code containerPort} of a container.
 * A request has {@code hostPort} 0 for "pick a free one"; a published mapping always has the real port.
 *
 * @param hostIp "" or "0.0.0.0" for every host address
 */
public record PortMapping(String protocol, String hostIp, int hostPort, int containerPort) {

    public PortMapping {
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw BerthException.invalid("invalid protocol '" + protocol + "' for a published port: use tcp or udp");
        }
        hostIp = hostIp.isEmpty() ? "0.0.0.0" : hostIp;
        if (!hostIp.equals("0.0.0.0")) {
            Ipv4.parse(hostIp);
        }
        checkPort(hostPort, true);
        checkPort(containerPort, false);
    }

    private static void checkPort(int port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw BerthException.invalid("invalid port " + port + ": ports are 1-65535");
        }
    }

    public boolean anyHostAddress() {
        return hostIp.equals("0.0.0.0");
    }
}
