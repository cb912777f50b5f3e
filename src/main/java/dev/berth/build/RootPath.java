package dev.berth.build;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path inside a root file system as the container would see it: symlinks are followed, but an
 * absolute target or a {@code ..} never leaves the root (the root is the top, as {@code /} is in the container).
 * This is how COPY writes into an image and how tars are extracted without escaping their directory.
 */
final class RootPath {
    private static final int MAX_LINKS = 255;

    private RootPath() {}

    /** The host path of {@code path} (absolute or relative to the root) in {@code root}; it need not exist. */
    static Path resolve(Path root, String path) {
        Deque<String> parts = new ArrayDeque<>(List.of(path.split("/")));
        Path current = root;
        int links = 0;
        while (!parts.isEmpty()) {
            String part = parts.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = current.equals(root) ? root : current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            if (!Files.isSymbolicLink(next)) {
                current = next;
                continue;
            }
            if (++links > MAX_LINKS) {
                throw BerthException.invalid("too many levels of symbolic links resolving " + path);
            }
            String target = readLink(next);
            List<String> targetParts = List.of(target.split("/"));
            for (int i = targetParts.size() - 1; i >= 0; i--) {
                parts.push(targetParts.get(i));
            }
            if (target.startsWith("/")) {
                current = root;
            }
        }
        return current;
    }

    /**
     * Like {@link #resolve} but the last component is not followed when it is a symlink, so the link itself can
     * be replaced or created.
     */
    static Path resolveParent(Path root, String path) {
        String trimmed = path.replaceAll("/+$", "");
        int slash = trimmed.lastIndexOf('/');
        String name = trimmed.substring(slash + 1);
        Path parent = resolve(root, slash < 0 ? "" : trimmed.substring(0, slash));
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return resolve(root, trimmed);
        }
        return parent.resolve(name);
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw BerthException.internal("cannot read the symlink " + link + ": " + e.getMessage(), e);
        }
    }
}
