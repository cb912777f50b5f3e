package dev.berth.orchestrate;

import dev.berth.common.AtomicFiles;
import dev.berth.common.BerthException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of a stack's configs and secrets that replicas bind-mount read-only. They live under the daemon's
 * exec root, which is on tmpfs ({@code /run}), so secret values never reach a disk; one file per service and
 * target, so each can have its own owner and mode. They are written again at deploy and at daemon start.
 */
public final class StackFiles {
    private final Path root;

    public StackFiles(Path root) {
        this.root = root;
    }

    /**
     * Writes one service's copy of a config or secret and returns its path.
     *
     * @param kind {@code configs} or {@code secrets}
     * @param mode permission bits, e.g. 0400
     */
    public Path write(String stack, String service, String kind, String name, byte[] content, int uid, int gid, int mode) {
        Path file = path(stack, service, kind, name);
        try {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            AtomicFiles.write(file, content);
            Files.setPosixFilePermissions(file, permissions(mode));
            Files.setAttribute(file, "unix:uid", uid);
            Files.setAttribute(file, "unix:gid", gid);
            return file;
        } catch (IOException e) {
            throw BerthException.internal("cannot write " + kind + " " + name + " of " + stack + "/" + service + ": " + e.getMessage(), e);
        }
    }

    /** Where {@link #write} puts a file. */
    public Path path(String stack, String service, String kind, String name) {
        return root.resolve(stack).resolve(service).resolve(kind).resolve(name);
    }

    /** Deletes every file of a stack. */
    public void remove(String stack) {
        Path dir = root.resolve(stack);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the files of stack " + stack, e);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }
}
