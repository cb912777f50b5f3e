package dev.berth.cli;

import dev.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code -p [ip:][hostPort:]containerPort[/proto]}: "80", "8080:80", "127.0.0.1:8080:80", "127.0.0.1::80/udp".
 * Ranges expand as the docker CLI expands them before the request: "8000-8002:80-82" is three mappings, "80-82"
 * three with free host ports.
 *
 * @param key      Docker's port key, "80/tcp"
 * @param hostIp   "" for every address
 * @param hostPort "" for a free port
 */
record PortFlag(String key, String hostIp, String hostPort) {

    static List<PortFlag> parse(String spec) {
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
        if (parts.length > 3) {
            throw invalid(spec, "want [ip:][hostPort:]containerPort[/protocol] (IPv6 host addresses are not supported)");
        }
        String ip = parts.length == 3 ? parts[0] : "";
        int[] container = range(parts[parts.length - 1], spec, "container");
        String host = parts.length >= 2 ? parts[parts.length - 2] : "";
        int[] hosts = host.isEmpty() ? null : range(host, spec, "host");
        if (hosts != null && hosts[1] - hosts[0] != container[1] - container[0]) {
            throw invalid(spec, "the host and container port ranges must be the same length");
        }
        List<PortFlag> out = new ArrayList<>();
        for (int i = 0; i <= container[1] - container[0]; i++) {
            out.add(new PortFlag((container[0] + i) + "/" + proto, ip, hosts == null ? "" : String.valueOf(hosts[0] + i)));
        }
        return out;
    }

    /** "80" or "80-82" as {first, last}. */
    private static int[] range(String text, String spec, String which) {
        String[] ends = text.split("-", -1);
        if (ends.length > 2 || !isPort(ends[0]) || !isPort(ends[ends.length - 1])) {
            throw invalid(spec, "the " + which + " port must be a number between 1 and 65535, or a range of them");
        }
        int first = Integer.parseInt(ends[0]);
        int last = Integer.parseInt(ends[ends.length - 1]);
        if (last < first) {
            throw invalid(spec, "the " + which + " port range " + text + " ends before it starts");
        }
        return new int[] {first, last};
    }

    private static boolean isPort(String s) {
        return s.matches("\\d{1,5}") && Integer.parseInt(s) >= 1 && Integer.parseInt(s) <= 65535;
    }

    private static BerthException invalid(String spec, String why) {
        return BerthException.invalid("invalid -p/--publish '" + spec + "': " + why);
    }
}
