package dev.berth.build;

import dev.berth.common.RootPath;
import dev.berth.common.TarExtractor;
import dev.berth.common.BerthException;
import dev.berth.common.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies COPY/ADD sources into a mounted root file system as Docker does: a directory's contents (not the
 * directory) go into the destination, a file goes to the destination path or, when that is a directory (ends
 * in {@code /} or exists), into it; several sources need a directory destination. Files keep their mode (or get
 * {@code --chmod}) and mtime and belong to root (or {@code --chown}). Directories the copy creates get the epoch
 * as mtime, and existing directories it writes into keep theirs, so the same sources give the same layer.
 */
final class FileCopier {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private final Path root;
    private final int uid;
    private final int gid;
    private final Optional<Integer> chmod;
    /** Directories whose mtime is set last (children change it), in creation order. */
    private final Map<Path, FileTime> directoryTimes = new LinkedHashMap<>();

    FileCopier(Path root, int uid, int gid, Optional<Integer> chmod) {
        this.root = root;
        this.uid = uid;
        this.gid = gid;
        this.chmod = chmod;
    }

    /** Copies {@code sources} to {@code destination} (absolute in the image); {@code unpackArchives} for ADD. */
    void copy(List<CopySource> sources, String destination, boolean unpackArchives, String where) {
        boolean slash = destination.endsWith("/");
        if (sources.size() > 1 && !slash) {
            throw BerthException.invalid(where + ": when copying more than one source file, the destination must be"
                    + " a directory and end with a / (got " + destination + ")");
        }
        try {
            Path dest = RootPath.of(root).resolve(destination);
            boolean intoDirectory = slash || Files.isDirectory(dest);
            for (CopySource source : sources) {
                if (source.isDirectory()) {
                    makeDirectories(dest);
                    copyChildren(source.path(), dest);
                } else if (unpackArchives && TarExtractor.isArchive(source.path())) {
                    makeDirectories(dest);
                    try (InputStream in = Files.newInputStream(source.path())) {
                        TarExtractor.extract(in, RootPath.of(dest), "/", TarExtractor.Options.contained(source.name(), true));
                    }
                } else if (intoDirectory) {
                    makeDirectories(dest);
                    copyEntry(source.path(), dest.resolve(source.path().getFileName().toString()));
                } else {
                    makeDirectories(dest.getParent());
                    copyEntry(source.path(), dest);
                }
            }
            setDirectoryTimes();
        } catch (IOException e) {
            throw BerthException.internal(where + ": cannot copy into the image: " + e.getMessage(), e);
        }
    }

    /** Creates a directory and its missing parents as {@link #copy} does (WORKDIR); returns whether it was missing. */
    boolean createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return false;
        }
        makeDirectories(dir);
        setDirectoryTimes();
        return true;
    }

    private void setDirectoryTimes() throws IOException {
        List<Map.Entry<Path, FileTime>> times = new ArrayList<>(directoryTimes.entrySet());
        for (var dir : times.reversed()) {
            Files.setLastModifiedTime(dir.getKey(), dir.getValue());
        }
    }

    /** Creates {@code dir} and missing parents (mode 0755, owned by the copy's owner); keeps existing ones' mtimes. */
    private void makeDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir, NOFOLLOW)) {
            directoryTimes.putIfAbsent(dir, Files.getLastModifiedTime(dir, NOFOLLOW));
            return;
        }
        if (Files.exists(dir, NOFOLLOW)) {
            throw BerthException.invalid("cannot copy to " + root.relativize(dir) + ": it exists and is not a directory");
        }
        makeDirectories(dir.getParent());
        Files.createDirectory(dir);
        setOwner(dir);
        Files.setAttribute(dir, "unix:mode", 0755, NOFOLLOW); // --chmod is for what is copied, not for new parents
        directoryTimes.put(dir, EPOCH);
    }

    private void copyChildren(Path sourceDir, Path destDir) throws IOException {
        for (Path child : CopySource.sortedChildren(sourceDir)) {
            copyEntry(child, destDir.resolve(child.getFileName().toString()));
        }
    }

    private void copyEntry(Path source, Path dest) throws IOException {
        int mode = (int) Files.getAttribute(source, "unix:mode", NOFOLLOW) & 07777;
        FileTime mtime = Files.getLastModifiedTime(source, NOFOLLOW);
        if (Files.isDirectory(source, NOFOLLOW)) {
            if (Files.isDirectory(dest, NOFOLLOW)) {
                directoryTimes.putIfAbsent(dest, mtime);
            } else {
                deleteExisting(dest);
                Files.createDirectory(dest);
                directoryTimes.put(dest, mtime);
            }
            setOwnerAndMode(dest, mode);
            copyChildren(source, dest);
            return;
        }
        deleteExisting(dest);
        if (Files.isSymbolicLink(source)) {
            Files.createSymbolicLink(dest, Files.readSymbolicLink(source));
            setOwner(dest);
            return;
        }
        if (!Files.isRegularFile(source, NOFOLLOW)) {
            return; // sockets, fifos and devices are not copied
        }
        Files.copy(source, dest, StandardCopyOption.REPLACE_EXISTING);
        setOwnerAndMode(dest, mode);
        Files.setLastModifiedTime(dest, mtime);
    }

    private void setOwnerAndMode(Path path, int mode) throws IOException {
        setOwner(path);
        Files.setAttribute(path, "unix:mode", chmod.orElse(mode), NOFOLLOW); // after chown, which clears setuid
    }

    private void setOwner(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, NOFOLLOW);
        Files.setAttribute(path, "unix:gid", gid, NOFOLLOW);
    }

    private static void deleteExisting(Path path) throws IOException {
        if (Files.isDirectory(path, NOFOLLOW)) {
            FileTrees.deleteRecursively(path);
        } else {
            Files.deleteIfExists(path);
        }
    }
}
