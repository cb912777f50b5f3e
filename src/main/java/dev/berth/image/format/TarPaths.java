package dev.berth.image.format;

import dev.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;

/** Normalizes tar entry names and rejects the ones that could land outside the extraction root. */
public final class TarPaths {
    private TarPaths() {}

    /**
     * Returns the entry's path relative to the root without {@code ./} or trailing slashes ({@code ""} is the
     * root itself). Absolute names, {@code ..} components and NUL bytes are INVALID_ARGUMENT naming the entry.
     */
    public static String normalize(String name, String what) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw unsafe(what, name, "is empty or contains a NUL byte");
        }
        if (name.startsWith("/")) {
            throw unsafe(what, name, "is an absolute path");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw unsafe(what, name, "contains '..'");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /**
     * Resolves a symlink's target against the directory holding the link, lexically, and returns the result
     * relative to the root; INVALID_ARGUMENT if the target is absolute or climbs above the root.
     */
    public static String resolveLinkWithin(String linkPath, String target, String what) {
        if (target.startsWith("/")) {
            throw unsafe(what, linkPath, "is a symlink to the absolute path " + target);
        }
        List<String> parts = new ArrayList<>(List.of(linkPath.split("/")));
        parts.removeLast();
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw unsafe(what, linkPath, "is a symlink to " + target + ", outside the archive");
                }
                parts.removeLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    public static BerthException unsafe(String what, String entry, String reason) {
        return BerthException.invalid("unsafe entry '" + entry + "' in " + what + ": it " + reason
                + "; the archive was rejected and nothing was stored");
    }
}
