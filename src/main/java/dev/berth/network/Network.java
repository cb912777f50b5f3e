package dev.berth.network;

import java.time.Instant;
import java.util.Map;

/**
 * A network containers attach to. Berth's own are Linux bridges ({@code driver} "bridge"); "host" and "null"
 * are the built-in networks that stand for {@code --network host} and {@code --network none}.
 *
 * @param subnet   the bridge's subnet, null for host and none
 * @param gateway  the bridge's address, null for host and none
 * @param bridge   the Linux bridge's interface name, "" for host and none
 * @param dns      whether the embedded DNS server answers container names on it (user-defined bridges only,
 *                 as in Docker)
 */
public record Network(String id, String name, String driver, Subnet subnet, Ipv4 gateway, boolean internal, String bridge,
                      boolean dns, Map<String, String> labels, Map<String, String> options, Instant created) {

    public Network {
        labels = Map.copyOf(labels);
        options = Map.copyOf(options);
    }

    /** Whether it is a bridge network (not host or none); not named isBridge, which JSON would take for the bridge field. */
    public boolean hasBridge() {
        return driver.equals("bridge");
    }
}
