package dev.berth.cli;

import dev.berth.common.BerthException;

/**
 * One {@code -p [ip:][hostPort:]containerPort[/proto]}: "80", "8080:80", "127.0.0.1:8080:80", "127.0.0.1::80/udp".
 *
 * @param key      Docker's port key, "80/tcp"
 * @param hostIp   "" for every address
 * @param hostPort "" for a free port
 */
record PortFlag(String key, String hostIp, String hostPort) {

    static PortFlag parse(String spec) {
        String proto = "tcp";
        String rest = spec;
        int slash = spec.lastIndexOf('/');
        if (slash >= 0) {
            proto = spec.substring(slash + 1);
            rest = spec.substring(0, slash);
        }
        if (!proto.equals("tcp") && !proto.equals("udp")) {
            throw invalid(spec, "the protocol must be tcp or udp");
        }
        String[] parts = rest.split(":", -1);
        String ip = parts.length == 3 ? parts[0] : "";
        String host = parts.length >= 2 ? parts[parts.length - 2] : "";
        String container = parts[parts.length - 1];
        if (parts.length > 3) {
            throw invalid(spec, "want [ip:][hostPort:]containerPort[/protocol] (IPv6 host addresses are not supported)");
        }
        if (!isPort(container)) {
            throw invalid(spec, "the container port must be a number between 1 and 65535");
        }
        if (!host.isEmpty() && !isPort(host)) {
            throw invalid(spec, "the host port must be a number between 1 and 65535" + (host.contains("-") ? " (ranges are not supported)" : ""));
        }
        return new PortFlag(container + "/" + proto, ip, host);
    }

    private static boolean isPort(String s) {
        return s.matches("\\d{1,5}") && Integer.parseInt(s) >= 1 && Integer.parseInt(s) <= 65535;
    }

    private static BerthException invalid(String spec, String why) {
        return BerthException.invalid("invalid -p/--publish '" + spec + "': " + why);
    }
}
