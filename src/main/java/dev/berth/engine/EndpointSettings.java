package dev.berth.engine;

import java.util.List;

/**
 * A container's membership of one network, as {@code NetworkSettings.Networks[name]} shows it: what was asked
 * ({@code requestedAddress}, {@code aliases}) and, while the container runs, what it got.
 */
public record EndpointSettings(String requestedAddress, List<String> aliases, String networkId, String endpointId,
                               String gateway, String ipAddress, int prefixLength, String macAddress, List<String> dnsNames) {

    public EndpointSettings {
        requestedAddress = requestedAddress == null ? "" : requestedAddress;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        dnsNames = dnsNames == null ? List.of() : List.copyOf(dnsNames);
    }

    public static EndpointSettings requested(String address, List<String> aliases) {
        return new EndpointSettings(address, aliases, "", "", "", "", 0, "", List.of());
    }

    public EndpointSettings attached(String network, String endpoint, String gw, String ip, int prefix, String mac,
                                     List<String> names) {
        return new EndpointSettings(requestedAddress, aliases, network, endpoint, gw, ip, prefix, mac, names);
    }

    /** Without the runtime part, as after the container stopped; the network id stays, as in Docker. */
    public EndpointSettings detached() {
        return new EndpointSettings(requestedAddress, aliases, networkId, "", "", "", 0, "", List.of());
    }
}
