package dev.berth.image.overlay;

import dev.berth.common.BerthException;
import dev.berth.image.format.LayerEntryChecker;
import dev.berth.image.format.TarPaths;
import dev.berth.common.FileTrees;
import dev.berth.common.HostCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks one layer tar into an empty directory as an overlayfs lower layer. Whiteouts become what overlayfs
 * reads (OCI image-spec layer.md, "Whiteouts"): {@code .wh.NAME} a 0:0 character device, {@code .wh..wh..opq}
 * the {@code trusted.overlay.opaque=y} xattr. Nothing is ever written through a symlink or outside the
 * directory; owners, modes (incl. setuid and sticky bits), device nodes and mtimes are kept.
 */
final class LayerUnpacker {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final String what;
    private final LayerEntryChecker checker;
    /** Directory mtimes are set last, since creating their children changes them. */
    private final List<Map.Entry<Path, FileTime>> directoryTimes = new ArrayList<>();

    private LayerUnpacker(Path root, String what) {
        this.root = root;
        this.what = what;
        this.checker = new LayerEntryChecker(what);
    }

    /** Unpacks {@code layer} (an uncompressed tar, read to its end) into the empty directory {@code root}. */
    static void unpack(InputStream layer, Path root, String what) {
        LayerUnpacker unpacker = new LayerUnpacker(root, what);
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(layer);
            while (tar.getNextEntry() instanceof TarArchiveEntry entry) {
                unpacker.unpackEntry(entry, tar);
            }
            layer.transferTo(OutputStream.nullOutputStream()); // lets the source verify the whole layer
            unpacker.setDirectoryTimes();
        } catch (IOException e) {
            throw BerthException.internal("cannot unpack " + what + " into " + root + ": " + e.getMessage(), e);
        }
    }

    private void unpackEntry(TarArchiveEntry entry, InputStream content) throws IOException {
        String path = checker.check(entry);
        if (path.isEmpty()) {
            return;
        }
        Path target = root.resolve(path);
        Path parent = ensureParentDirectories(path, entry.getName());
        String name = target.getFileName().toString();
        if (name.equals(OPAQUE)) {
            HostCommand.output(root, List.of("setfattr", "-n", "trusted.overlay.opaque", "-v", "y", parent.toString()));
            return;
        }
        if (name.startsWith(WHITEOUT)) {
            Path hidden = parent.resolve(name.substring(WHITEOUT.length()));
            FileTrees.deleteRecursively(hidden);
            HostCommand.output(root, List.of("mknod", hidden.toString(), "c", "0", "0"));
            return;
        }
        boolean keepDirectory = entry.isDirectory() && Files.isDirectory(target, NOFOLLOW);
        if (!keepDirectory) {
            FileTrees.deleteRecursively(target); // a later entry replaces an earlier one, as tar does
        }
        if (entry.isDirectory()) {
            if (!keepDirectory) {
                Files.createDirectory(target);
            }
        } else if (entry.isSymbolicLink()) {
            // the target is only resolved inside the container's root, and no entry is written through it
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
            Path source = root.resolve(checker.hardLinkTarget(entry));
            if (!Files.isRegularFile(source, NOFOLLOW)) {
                throw TarPaths.unsafe(what, entry.getName(), "is a hard link to a missing file");
            }
            Files.createLink(target, source);
            return; // shares the source's inode and metadata
        } else if (entry.isFile()) {
            Files.copy(content, target);
        } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            HostCommand.output(root, List.of("mknod", target.toString(), entry.isCharacterDevice() ? "c" : "b",
                    Integer.toString(entry.getDevMajor()), Integer.toString(entry.getDevMinor())));
        } else if (entry.isFIFO()) {
            HostCommand.output(root, List.of("mknod", target.toString(), "p"));
        } else {
            return; // pax headers and other metadata-only entries carry no file
        }
        applyMetadata(target, entry);
    }

    /** Creates missing parents as 0755 directories; an existing parent must be a real directory, not a link. */
    private Path ensureParentDirectories(String path, String entryName) throws IOException {
        Path dir = root;
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            dir = dir.resolve(parts[i]);
            if (Files.isSymbolicLink(dir)) {
                throw TarPaths.unsafe(what, entryName, "goes through the symlink '" + root.relativize(dir) + "'");
            }
            if (!Files.exists(dir, NOFOLLOW)) {
                Files.createDirectory(dir);
            } else if (!Files.isDirectory(dir, NOFOLLOW)) {
                throw TarPaths.unsafe(what, entryName, "is inside '" + root.relativize(dir) + "', which is not a directory");
            }
        }
        return dir;
    }

    private void applyMetadata(Path target, TarArchiveEntry entry) throws IOException {
        Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), NOFOLLOW);
        Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), NOFOLLOW);
        FileTime mtime = FileTime.from(entry.getModTime().toInstant());
        if (entry.isSymbolicLink()) {
            Files.getFileAttributeView(target, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, mtime, null);
            return;
        }
        // after chown, which clears setuid bits
        Files.setAttribute(target, "unix:mode", entry.getMode() & 07777, NOFOLLOW);
        if (entry.isDirectory()) {
            directoryTimes.add(Map.entry(target, mtime));
        } else {
            Files.getFileAttributeView(target, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, mtime, null);
        }
    }

    private void setDirectoryTimes() throws IOException {
        for (var dir : directoryTimes.reversed()) {
            Files.getFileAttributeView(dir.getKey(), BasicFileAttributeView.class, NOFOLLOW)
                    .setTimes(dir.getValue(), dir.getValue(), null);
        }
    }
}
