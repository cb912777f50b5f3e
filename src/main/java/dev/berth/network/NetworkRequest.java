package dev.berth.network;

import java.util.Map;
import java.util.Optional;

/** {@code network create}: a user-defined bridge network; subnet and gateway are picked when absent. */
public record NetworkRequest(String name, String driver, Optional<Subnet> subnet, Optional<Ipv4> gateway, boolean internal,
                             Map<String, String> labels, Map<String, String> options) {

    public NetworkRequest {
        labels = Map.copyOf(labels);
        options = Map.copyOf(options);
    }
}
