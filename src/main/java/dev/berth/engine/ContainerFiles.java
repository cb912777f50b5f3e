package dev.berth.engine;

import dev.berth.common.BerthException;
import dev.berth.common.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The per-container /etc/hostname, /etc/hosts and /etc/resolv.conf that Docker bind-mounts over the image's,
 * kept under {@code <data-root>/containers/ID/}. They are derived and rewritten at every start, so they are
 * written without fsync: a crash loses nothing that the next start does not write again.
 */
final class ContainerFiles {
    private final Path root;

    ContainerFiles(Path root) {
        this.root = root;
    }

    Path dir(String id) {
        return root.resolve(id);
    }

    /** Writes the files for a container and returns the mounts that place them. */
    List<Mount> write(String id, String hostname, String hosts, String resolvConf) {
        Path dir = dir(id);
        writeDerived(dir.resolve("hostname"), hostname + "\n");
        writeDerived(dir.resolve("hosts"), hosts);
        writeDerived(dir.resolve("resolv.conf"), resolvConf);
        return mounts(id);
    }

    /** The mounts that place the files, once a start has written them (a created container still shows the image's). */
    List<Mount> mounts(String id) {
        Path dir = dir(id);
        if (!Files.exists(dir.resolve("hostname"))) {
            return List.of();
        }
        return List.of(
                Mount.bind(dir.resolve("hostname").toString(), "/etc/hostname", false),
                Mount.bind(dir.resolve("hosts").toString(), "/etc/hosts", false),
                Mount.bind(dir.resolve("resolv.conf").toString(), "/etc/resolv.conf", false));
    }

    void delete(String id) {
        Path dir = dir(id);
        try {
            for (String f : List.of("hostname", "hosts", "resolv.conf")) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw BerthException.internal("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeDerived(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw BerthException.internal("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
