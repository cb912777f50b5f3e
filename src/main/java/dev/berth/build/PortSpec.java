package dev.berth.build;

import dev.berth.build.dockerfile.Instruction.Location;
import dev.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** EXPOSE's {@code PORT[-END][/PROTO]} as Docker's nat.ParsePortSpecs reads it: {@code 80} is {@code 80/tcp}, ranges expand. */
final class PortSpec {
    private static final Pattern SPEC = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/([a-zA-Z]+))?");

    private PortSpec() {}

    static List<String> expand(String spec, Location at) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw BerthException.invalid(at + ": invalid containerPort: " + spec);
        }
        int start = port(m.group(1), spec, at);
        int end = m.group(2) == null ? start : port(m.group(2), spec, at);
        String proto = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(Locale.ROOT);
        if (end < start || !List.of("tcp", "udp", "sctp").contains(proto)) {
            throw BerthException.invalid(at + ": invalid port range or protocol: " + spec);
        }
        List<String> ports = new ArrayList<>();
        for (int p = start; p <= end; p++) {
            ports.add(p + "/" + proto);
        }
        return ports;
    }

    private static int port(String text, String spec, Location at) {
        int port = Integer.parseInt(text.length() > 5 ? "99999" : text);
        if (port < 1 || port > 65535) {
            throw BerthException.invalid(at + ": invalid containerPort: " + spec + " (ports are 1 to 65535)");
        }
        return port;
    }
}
