package dev.berth.cli;

import dev.berth.common.BerthException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One {@code -v}: {@code SRC:DST[:MODE]} (a host path or a named volume) or {@code DST} alone (an anonymous
 * volume). Relative host paths ({@code ./data}) are made absolute, as Docker's CLI does since 23.0.
 */
record VolumeFlag(Optional<String> source, String destination, Optional<String> mode) {
    private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Set<String> MODES = Set.of("ro", "rw", "z", "Z", "nocopy", "private", "rprivate", "shared",
            "rshared", "slave", "rslave");

    VolumeFlag {
        if (!destination.startsWith("/")) {
            throw BerthException.invalid("invalid volume specification: mount path '" + destination + "' must be absolute");
        }
        source.ifPresent(s -> {
            if (!s.startsWith("/") && !VOLUME_NAME.matcher(s).matches()) {
                throw BerthException.invalid("invalid volume specification: '" + s
                        + "' is neither an absolute host path nor a volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)");
            }
        });
        mode.ifPresent(m -> {
            for (String option : m.split(",")) {
                if (!MODES.contains(option)) {
                    throw BerthException.invalid("invalid volume specification: unknown mode '" + option + "' (want ro or rw)");
                }
            }
        });
    }

    static VolumeFlag parse(String spec, Path workingDirectory) {
        String[] parts = spec.split(":", -1);
        return switch (parts.length) {
            case 1 -> new VolumeFlag(Optional.empty(), parts[0], Optional.empty());
            case 2 -> new VolumeFlag(Optional.of(source(parts[0], workingDirectory)), parts[1], Optional.empty());
            case 3 -> new VolumeFlag(Optional.of(source(parts[0], workingDirectory)), parts[1], Optional.of(parts[2]));
            default -> throw BerthException.invalid("invalid volume specification: '" + spec + "' (want SRC:DST[:ro])");
        };
    }

    private static String source(String source, Path workingDirectory) {
        if (source.isEmpty()) {
            throw BerthException.invalid("invalid volume specification: empty source");
        }
        return source.startsWith(".") ? workingDirectory.resolve(source).normalize().toString() : source;
    }

    /** The HostConfig.Binds entry; absent for an anonymous volume, which goes to Config.Volumes instead. */
    Optional<String> bind() {
        return source.map(s -> s + ":" + destination + mode.map(m -> ":" + m).orElse(""));
    }
}
