package dev.berth.compose;

import dev.berth.common.BerthException;
import java.util.List;

/**
 * How a service joins one network of its project.
 *
 * @param aliases     further names the service's replicas answer to on the network, besides the service name
 * @param ipv4Address a fixed address on the network, "" for one from the network's pool
 */
public record ServiceNetwork(List<String> aliases, String ipv4Address) {
    public static final ServiceNetwork PLAIN = new ServiceNetwork(List.of(), "");

    public ServiceNetwork {
        aliases = List.copyOf(aliases);
        if (!ipv4Address.isEmpty() && !Checks.isIpv4(ipv4Address)) {
            throw BerthException.invalid("invalid ipv4_address \"" + ipv4Address + "\"");
        }
    }
}
