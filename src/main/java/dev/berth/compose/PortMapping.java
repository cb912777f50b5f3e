package dev.berth.compose;

import dev.berth.common.BerthException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One port of a service, as Compose's long syntax writes it; the short syntax's ranges are expanded to one record
 * per container port.
 *
 * @param hostIp    the host address to publish on, "" for all
 * @param published the host port, a range of them ({@code 8000-8010}: any free one), or "" when the host port is
 *                  chosen at start
 * @param target    the container port
 * @param protocol  {@code tcp} or {@code udp}
 */
public record PortMapping(String hostIp, String published, int target, String protocol) {
    private static final Pattern PUBLISHED = Pattern.compile("(\\d+)(?:-(\\d+))?");

    public PortMapping {
        if (!hostIp.isEmpty() && !Checks.isIpAddress(hostIp)) {
            throw BerthException.invalid("invalid host IP \"" + hostIp + "\"");
        }
        if (!published.isEmpty()) {
            Matcher m = PUBLISHED.matcher(published);
            if (!m.matches() || port(m.group(1)) > (m.group(2) == null ? 65535 : port(m.group(2)))) {
                throw BerthException.invalid("invalid published port \"" + published + "\": use a port or a range such as 8000-8010");
            }
        }
        if (target < 1 || target > 65535) {
            throw BerthException.invalid("invalid target port " + target + ": ports are 1 to 65535");
        }
        protocol(protocol);
    }

    /** Checks a protocol name: Berth forwards tcp and udp. */
    static String protocol(String protocol) {
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw BerthException.invalid("invalid protocol \"" + protocol + "\": use tcp or udp");
        }
        return protocol;
    }

    /** A port number 1-65535 from decimal text; anything else is invalid. */
    static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw BerthException.invalid("invalid port \"" + text + "\": ports are 1 to 65535");
    }
}
