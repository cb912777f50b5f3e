package dev.berth.common;

import java.util.List;

/**
 * One mount as the OCI runtime spec describes it: how runtimes receive root file systems, binds, volumes
 * and tmpfs without knowing where they came from.
 */
public record Mount(String type, String source, String destination, List<String> options) {
    public Mount {
        if (destination == null || destination.isEmpty()) {
            throw BerthException.invalid("mount has no destination");
        }
        options = List.copyOf(options);
    }

    public static Mount bind(String source, String destination, boolean readOnly) {
        return new Mount("bind", source, destination, readOnly ? List.of("rbind", "ro") : List.of("rbind", "rw"));
    }
}
