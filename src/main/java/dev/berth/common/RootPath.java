package dev.berth.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Resolves a path inside a root file system as the container would see it: symlinks are followed, but an
 * absolute target or a {@code ..} never leaves the root (the root is the top, as {@code /} is in the container).
 * Host directories or files mounted over paths of the root (a container's binds and volumes) are honoured: a path
 * at or below a mount's destination lives in the mount's source. This is how COPY writes into an image, how tars
 * are extracted without escaping their directory and how {@code docker cp} reaches into a container.
 */
public final class RootPath {
    private static final int MAX_LINKS = 255;

    private final Path root;
    /** Mount destinations as path components, deepest first, so the first match is the one the container sees. */
    private final List<Map.Entry<List<String>, Path>> mounts;

    private RootPath(Path root, List<Map.Entry<List<String>, Path>> mounts) {
        this.root = root;
        this.mounts = mounts;
    }

    /** A root with nothing mounted over it. */
    public static RootPath of(Path root) {
        return new RootPath(root, List.of());
    }

    /** A root with host paths mounted over it: absolute destination in the root → host source. */
    public static RootPath withMounts(Path root, Map<String, Path> mounts) {
        List<Map.Entry<List<String>, Path>> sorted = new ArrayList<>();
        mounts.forEach((destination, source) -> sorted.add(Map.entry(components(destination), source)));
        sorted.sort(Comparator.comparingInt((Map.Entry<List<String>, Path> e) -> e.getKey().size()).reversed());
        return new RootPath(root, List.copyOf(sorted));
    }

    /** The host path of {@code path} (absolute or relative to the root); it need not exist. */
    public Path resolve(String path) {
        return host(walk(path));
    }

    /**
     * Like {@link #resolve} but the last component is not followed when it is a symlink, so the link itself can
     * be replaced, created or described.
     */
    public Path resolveParent(String path) {
        return host(walkParent(path));
    }

    /** The absolute path in the root that {@code path} names once every symlink in it is followed. */
    public String follow(String path) {
        return "/" + String.join("/", walk(path));
    }

    /** A path's last component as {@code docker cp} names a copy: trailing slashes ignored, a final {@code .} kept. */
    public static String baseName(String path) {
        String trimmed = path.replaceAll("/+$", "");
        return trimmed.isEmpty() ? "/" : trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** A path's directory: everything before its last component ({@code /} at the top, {@code .} for a bare name). */
    public static String parentOf(String path) {
        String trimmed = path.replaceAll("/+$", "");
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : trimmed.substring(0, slash);
    }

    private List<String> walkParent(String path) {
        String trimmed = path.replaceAll("/+$", "");
        int slash = trimmed.lastIndexOf('/');
        String name = trimmed.substring(slash + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return walk(trimmed);
        }
        List<String> parent = new ArrayList<>(walk(slash < 0 ? "" : trimmed.substring(0, slash)));
        parent.add(name);
        return parent;
    }

    /** The components of {@code path} in the root with every symlink followed, walking as the kernel does. */
    private List<String> walk(String path) {
        Deque<String> parts = new ArrayDeque<>(List.of(path.split("/")));
        List<String> current = new ArrayList<>();
        int links = 0;
        while (!parts.isEmpty()) {
            String part = parts.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!current.isEmpty()) {
                    current.removeLast();
                }
                continue;
            }
            current.add(part);
            Path next = host(current);
            // A mount point is what is mounted there, never a symlink of the root underneath it.
            if (!Files.isSymbolicLink(next) || isMountPoint(current)) {
                continue;
            }
            if (++links > MAX_LINKS) {
                throw BerthException.invalid("too many levels of symbolic links resolving " + path);
            }
            current.removeLast();
            String target = readLink(next);
            List<String> targetParts = List.of(target.split("/"));
            for (int i = targetParts.size() - 1; i >= 0; i--) {
                parts.push(targetParts.get(i));
            }
            if (target.startsWith("/")) {
                current.clear();
            }
        }
        return current;
    }

    private boolean isMountPoint(List<String> parts) {
        return mounts.stream().anyMatch(m -> m.getKey().equals(parts));
    }

    private Path host(List<String> parts) {
        for (var mount : mounts) {
            List<String> destination = mount.getKey();
            if (parts.size() >= destination.size() && parts.subList(0, destination.size()).equals(destination)) {
                return below(mount.getValue(), parts.subList(destination.size(), parts.size()));
            }
        }
        return below(root, parts);
    }

    private static Path below(Path base, List<String> parts) {
        Path p = base;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }

    private static List<String> components(String path) {
        return List.of(path.split("/")).stream().filter(s -> !s.isEmpty() && !s.equals(".")).toList();
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw BerthException.internal("cannot read the symlink " + link + ": " + e.getMessage(), e);
        }
    }
}
