package dev.berth.engine;

import dev.berth.common.BerthException;

/** One {@code -v SRC:DST[:ro|rw]} as Docker's Binds list holds it. */
public record BindSpec(String source, String destination, boolean readOnly) {
    public static BindSpec parse(String spec) {
        String[] parts = spec.split(":");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw BerthException.invalid("invalid volume specification: '" + spec + "' (want SOURCE:DESTINATION[:ro])");
        }
        if (!parts[1].startsWith("/")) {
            throw BerthException.invalid("invalid volume specification: '" + spec + "': destination must be an absolute path");
        }
        if (parts[1].equals("/")) {
            throw BerthException.invalid("invalid volume specification: '" + spec + "': destination can't be '/'");
        }
        boolean ro = false;
        if (parts.length == 3) {
            for (String opt : parts[2].split(",")) {
                switch (opt) {
                    case "ro" -> ro = true;
                    case "rw", "z", "Z" -> { }
                    default -> throw BerthException.invalid("invalid volume specification: '" + spec + "': unknown mode '" + opt + "'");
                }
            }
        }
        return new BindSpec(parts[0], parts[1], ro);
    }
}
