package dev.berth.network;

import dev.berth.common.BerthException;

/**
 * A TCP host port whose new connections the kernel spreads over a set of backends in turn (DNAT with a
 * round-robin counter): a service's published port without a proxy in the path.
 *
 * @param owner    who published it, e.g. a stack's service
 * @param hostIp   the host address it is published on, {@code 0.0.0.0} for all of them
 * @param hostPort the port, as reserved
 */
public record BalancedPort(String owner, String hostIp, int hostPort) {
    public BalancedPort {
        if (owner.isBlank() || hostIp.isBlank() || hostPort < 1 || hostPort > 65535) {
            throw BerthException.invalid("invalid balanced port " + hostIp + ":" + hostPort + " of \"" + owner + "\"");
        }
    }
}
