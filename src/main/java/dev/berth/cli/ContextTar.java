package dev.berth.cli;

import dev.berth.common.BerthException;
import dev.berth.common.DockerIgnore;
import dev.berth.common.TreeTar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a build context directory as the tar {@code docker build} sends: paths relative to the context in name
 * order, files not matched by {@code .dockerignore} (the Dockerfile and {@code .dockerignore} always go, the
 * daemon needs them), owners set to 0 as Docker's CLI sets them, modes and mtimes kept, symlinks not followed.
 */
final class ContextTar {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final DockerIgnore ignore;
    private final String dockerfile;
    private final TarArchiveOutputStream tar;

    private ContextTar(Path root, DockerIgnore ignore, String dockerfile, OutputStream out) {
        this.root = root;
        this.ignore = ignore;
        this.dockerfile = dockerfile;
        this.tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /**
     * Writes {@code context} to {@code out}; {@code dockerfile} is its path inside the context, and
     * {@code extraFiles} (name → content) are added at the root, for a Dockerfile from outside the context.
     */
    static void write(Path context, String dockerfile, Map<String, byte[]> extraFiles, OutputStream out) {
        try {
            Path ignoreFile = context.resolve(".dockerignore");
            DockerIgnore ignore = Files.isRegularFile(ignoreFile) ? DockerIgnore.parse(Files.readString(ignoreFile)) : DockerIgnore.none();
            ContextTar writer = new ContextTar(context, ignore, DockerIgnore.clean(dockerfile), out);
            writer.writeChildren(context);
            for (var extra : extraFiles.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(extra.getKey());
                entry.setMode(0100644);
                entry.setSize(extra.getValue().length);
                writer.owners(entry);
                writer.tar.putArchiveEntry(entry);
                writer.tar.write(extra.getValue());
                writer.tar.closeArchiveEntry();
            }
            writer.tar.finish();
            out.flush();
        } catch (IOException e) {
            throw BerthException.invalid("cannot read the build context " + context + ": " + e.getMessage());
        }
    }

    private void writeChildren(Path dir) throws IOException {
        java.util.List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String name = root.relativize(child).toString();
            boolean keep = !ignore.excludes(name) || name.equals(dockerfile) || name.equals(".dockerignore");
            boolean directory = Files.isDirectory(child, NOFOLLOW);
            if (keep) {
                writeEntry(child, name, directory);
            }
            if (directory && (keep || ignore.hasExceptions())) {
                writeChildren(child); // an exception (!) may bring back a file inside an excluded directory
            }
        }
    }

    private void writeEntry(Path file, String name, boolean directory) throws IOException {
        TarArchiveEntry entry = TreeTar.entryOf(file, directory ? name + "/" : name);
        owners(entry);
        TreeTar.put(tar, entry, file);
    }

    private void owners(TarArchiveEntry entry) {
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
    }
}
