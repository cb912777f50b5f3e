package dev.berth.engine;

import dev.berth.common.BerthException;

/** A container port as Docker keys it: "80/tcp", "53/udp", or "80" for tcp. */
record PortKey(int port, String protocol) {

    static PortKey parse(String key) {
        int slash = key.indexOf('/');
        String number = slash < 0 ? key : key.substring(0, slash);
        String protocol = slash < 0 ? "tcp" : key.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw BerthException.invalid("invalid protocol '" + protocol + "' in port " + key + ": use tcp or udp");
        }
        return new PortKey(port(number, key), protocol);
    }

    /** A host port: "" or "0" for any free one. */
    static int hostPort(String text) {
        return text.isEmpty() ? 0 : port(text, text);
    }

    private static int port(String number, String whole) {
        if (!number.matches("\\d{1,5}") || Integer.parseInt(number) > 65535) {
            throw BerthException.invalid("invalid port '" + whole + "': want a number between 1 and 65535"
                    + (number.contains("-") ? " (port ranges are not supported)" : ""));
        }
        return Integer.parseInt(number);
    }

    @Override
    public String toString() {
        return port + "/" + protocol;
    }
}
