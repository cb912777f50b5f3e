package dev.berth.image;

import dev.berth.common.BerthException;

/**
 * An OCI platform ({@code os/architecture[/variant]}) to choose from a multi-platform index. An empty variant
 * matches any variant.
 */
public record Platform(String os, String architecture, String variant) {
    public Platform {
        if (os.isEmpty() || architecture.isEmpty()) {
            throw BerthException.invalid("invalid platform '" + os + "/" + architecture + "': want os/arch[/variant]");
        }
    }

    /** Parses {@code linux/amd64} or {@code linux/arm64/v8}. */
    public static Platform parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw BerthException.invalid("invalid platform '" + text + "': want os/arch[/variant], e.g. linux/amd64");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    /** Linux on the architecture this JVM runs on, as Go names it. */
    public static Platform host() {
        return new Platform("linux", switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case String other -> other;
        }, "");
    }

    /** Whether an index entry for {@code otherOs/otherArch/otherVariant} serves this platform. */
    public boolean matches(String otherOs, String otherArch, String otherVariant) {
        return os.equals(otherOs) && architecture.equals(otherArch) && (variant.isEmpty() || variant.equals(otherVariant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
