package dev.berth.compose;

import dev.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compose's short port syntax {@code [ip:][hostPort[-range]:]containerPort[-range][/protocol]} (IPv6 addresses in
 * brackets), expanded as docker's nat.ParsePortSpec does: equal ranges map one to one, a host range over a single
 * container port lets the engine pick a free one of them.
 */
final class PortSyntax {
    private PortSyntax() {}

    static List<PortMapping> parse(String spec) {
        try {
            return expand(spec);
        } catch (BerthException e) {
            throw BerthException.invalid("invalid port \"" + spec + "\": " + e.getMessage());
        }
    }

    /** An {@code expose} entry ({@code 80}, {@code 8000-8010/udp}) as Docker's exposed-port keys: "80/tcp", ... */
    static List<String> exposed(String spec) {
        try {
            String[] portAndProtocol = splitProtocol(spec);
            String protocol = PortMapping.protocol(portAndProtocol[1]);
            int[] ports = range(portAndProtocol[0]);
            List<String> exposed = new ArrayList<>();
            for (int port = ports[0]; port <= ports[1]; port++) {
                exposed.add(port + "/" + protocol);
            }
            return exposed;
        } catch (BerthException e) {
            throw BerthException.invalid("invalid port \"" + spec + "\": " + e.getMessage());
        }
    }

    private static List<PortMapping> expand(String spec) {
        String[] portAndProtocol = splitProtocol(spec);
        String rest = portAndProtocol[0];
        String protocol = portAndProtocol[1];
        String ip = "";
        if (rest.startsWith("[")) {
            int close = rest.indexOf("]:");
            if (close < 0) {
                throw BerthException.invalid("write an IPv6 address as [address]:hostPort:containerPort");
            }
            ip = rest.substring(1, close);
            rest = rest.substring(close + 2);
            if (!rest.contains(":")) {
                throw BerthException.invalid("after an IP address give hostPort:containerPort (the host port may be empty)");
            }
        }
        String[] parts = rest.split(":", -1);
        if (parts.length > 3 || (parts.length == 3 && !ip.isEmpty())) {
            throw BerthException.invalid("too many ':' (write IPv6 addresses in brackets)");
        }
        if (parts.length == 3) {
            ip = parts[0];
        }
        int[] container = range(parts[parts.length - 1]);
        String host = parts.length > 1 ? parts[parts.length - 2] : "";
        List<PortMapping> ports = new ArrayList<>();
        int count = container[1] - container[0] + 1;
        if (host.isEmpty() || (range(host)[1] > range(host)[0] && count == 1)) {
            for (int port = container[0]; port <= container[1]; port++) {
                ports.add(new PortMapping(ip, host, port, protocol));
            }
            return ports;
        }
        int[] published = range(host);
        if (published[1] - published[0] + 1 != count) {
            throw BerthException.invalid("the host and container port ranges differ in size");
        }
        for (int i = 0; i < count; i++) {
            ports.add(new PortMapping(ip, String.valueOf(published[0] + i), container[0] + i, protocol));
        }
        return ports;
    }

    private static String[] splitProtocol(String spec) {
        int slash = spec.lastIndexOf('/');
        return slash < 0 ? new String[] {spec, "tcp"} : new String[] {spec.substring(0, slash), spec.substring(slash + 1)};
    }

    /** The first and last port of {@code 80} or {@code 8000-8010}. */
    private static int[] range(String text) {
        int dash = text.indexOf('-');
        int first = PortMapping.port(dash < 0 ? text : text.substring(0, dash));
        int last = dash < 0 ? first : PortMapping.port(text.substring(dash + 1));
        if (last < first) {
            throw BerthException.invalid("the range " + text + " ends before it starts");
        }
        return new int[] {first, last};
    }
}
