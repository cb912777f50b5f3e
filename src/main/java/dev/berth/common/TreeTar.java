package dev.berth.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a file or a directory tree of a {@link RootPath} as the tar {@code docker cp} moves in both directions:
 * entries named from the given top name down, in name order, owners, modes and mtimes as on disk, symlinks stored
 * as links (never followed), PAX headers for long names and big numbers. Directories are walked through the root,
 * so what is mounted inside them is archived as the container sees it.
 */
public final class TreeTar {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final RootPath root;
    private final TarArchiveOutputStream tar;

    private TreeTar(RootPath root, OutputStream out) {
        this.root = root;
        this.tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /**
     * Writes {@code path} of {@code root} (its last component not followed) and everything below it to {@code out}
     * as a tar whose top entry is {@code name}; {@code out} is flushed, not closed.
     */
    public static void write(RootPath root, String path, String name, OutputStream out) {
        try {
            TreeTar writer = new TreeTar(root, out);
            writer.add(path, name);
            writer.tar.finish();
            out.flush();
        } catch (IOException e) {
            throw BerthException.internal("cannot archive " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes what is below the directory {@code path} of {@code root}, named relative to it ({@code bin/},
     * {@code etc/hosts}), as {@code docker export} lays out a root file system; {@code out} is flushed, not closed.
     */
    public static void writeContents(RootPath root, String path, OutputStream out) {
        try {
            TreeTar writer = new TreeTar(root, out);
            String parent = path.endsWith("/") ? path : path + "/";
            for (String child : writer.children(root.resolveParent(path))) {
                writer.add(parent + child, child);
            }
            writer.tar.finish();
            out.flush();
        } catch (IOException e) {
            throw BerthException.internal("cannot archive " + path + ": " + e.getMessage(), e);
        }
    }

    private List<String> children(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void add(String path, String name) throws IOException {
        Path file = root.resolveParent(path);
        boolean directory = Files.isDirectory(file, NOFOLLOW);
        TarArchiveEntry entry = entryOf(file, directory ? name + "/" : name);
        put(tar, entry, file);
        if (directory) {
            for (String child : children(file)) {
                add(path + "/" + child, name + "/" + child);
            }
        }
    }

    /** The entry for a host file as it is on disk, a symlink as the link itself; directories want a name ending in /. */
    public static TarArchiveEntry entryOf(Path file, String name) throws IOException {
        if (!Files.isSymbolicLink(file)) {
            TarArchiveEntry entry = new TarArchiveEntry(file, name, NOFOLLOW);
            // Only the mtime travels, as in Docker's archives: the others become PAX headers GNU tar warns about.
            entry.setLastAccessTime(null);
            entry.setStatusChangeTime(null);
            entry.setCreationTime(null);
            return entry;
        }
        TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK); // commons-compress would read the target
        entry.setLinkName(Files.readSymbolicLink(file).toString());
        entry.setModTime(Files.getLastModifiedTime(file, NOFOLLOW));
        return entry;
    }

    /** Writes {@code entry} and, for a regular file, the content of {@code file}. */
    public static void put(TarArchiveOutputStream tar, TarArchiveEntry entry, Path file) throws IOException {
        tar.putArchiveEntry(entry);
        if (Files.isRegularFile(file, NOFOLLOW)) { // TarArchiveEntry.isFile() is true for links too
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }
}
