package dev.berth.engine;

import dev.berth.common.BerthException;
import dev.berth.common.GoFileMode;
import dev.berth.common.RootPath;
import dev.berth.common.TarExtractor;
import dev.berth.common.TreeTar;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * {@code docker cp}'s daemon side: describes, archives and extracts paths of a container, running or not, as the
 * container sees them (symlinks followed inside its root, binds and volumes honoured; see
 * {@link ContainerService#filesystem}). Paths are absolute in the container; a relative one starts at {@code /}
 * as Docker's do. As in Docker, the last component of a path is not followed unless the path ends in {@code /} or
 * {@code /.}, so a symlink is described and archived as the link. Uploads are refused where the container may not
 * write: a read-only root, bind or volume holding the target directory (one mounted read-only further below it is
 * not looked for).
 */
public final class ContainerArchive {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final ContainerService containers;
    private final Path scratch;

    /** {@code scratch} holds uploads while they are checked, on the same disk as the containers' roots. */
    public ContainerArchive(ContainerService containers, Path scratch) {
        this.containers = containers;
        this.scratch = scratch;
    }

    /** HEAD /containers/{id}/archive: what {@code path} is; not found is a 404 as Docker words it. */
    public PathStat stat(String ref, String path) {
        Container c = containers.inspect(ref);
        return stat(containers.filesystem(c), ref, path);
    }

    /** GET /containers/{id}/archive: the path as a tar whose top entry is its base name, written to {@code out}. */
    public void write(String ref, String path, OutputStream out) {
        Container c = containers.inspect(ref);
        RootPath root = containers.filesystem(c);
        PathStat stat = stat(root, ref, path);
        TreeTar.write(root, followsLast(path) ? root.follow(path) : absolute(path), stat.name(), out);
    }

    /** GET /containers/{id}/export: the container's own root file system as a tar, without its binds and volumes. */
    public void export(String ref, OutputStream out) {
        TreeTar.writeContents(RootPath.of(containers.rootfs(containers.inspect(ref))), "/", out);
    }

    /**
     * PUT /containers/{id}/archive: extracts a tar (plain or compressed) into {@code directory}, which must exist
     * and be a directory. The whole upload is checked before anything is written, so a hostile archive (an entry
     * or link climbing out of the directory) changes nothing.
     */
    public void extract(String ref, String directory, InputStream archive, boolean noOverwriteDirNonDir, boolean copyUidGid) {
        Container c = containers.inspect(ref);
        RootPath root = containers.filesystem(c);
        if (!stat(root, ref, directory).isDirectory()) {
            throw BerthException.invalid("extraction point is not a directory");
        }
        String target = root.follow(directory);
        containers.readOnlyReason(c, target).ifPresent(reason -> {
            throw BerthException.invalid(reason);
        });
        Path upload = spool(archive);
        try {
            try (InputStream in = Files.newInputStream(upload)) {
                TarExtractor.requireContained(in, "the archive");
            }
            try (InputStream in = Files.newInputStream(upload)) {
                TarExtractor.extract(in, root, target,
                        TarExtractor.Options.copy("the archive", copyUidGid, noOverwriteDirNonDir));
            }
        } catch (IOException e) {
            throw BerthException.internal("cannot read the uploaded archive " + upload + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(upload);
        }
    }

    private static PathStat stat(RootPath root, String ref, String path) {
        String absolute = absolute(path);
        Path file = followsLast(path) ? root.resolve(absolute) : root.resolveParent(absolute);
        try {
            Map<String, Object> attrs = Files.readAttributes(file, "unix:mode,size,lastModifiedTime", NOFOLLOW);
            int unixMode = (Integer) attrs.get("mode");
            long goMode = GoFileMode.fromUnix(unixMode);
            String linkTarget = Files.isSymbolicLink(file) ? root.follow(absolute) : "";
            return new PathStat(RootPath.baseName(absolute), (Long) attrs.get("size"), goMode,
                    ((FileTime) attrs.get("lastModifiedTime")).toInstant(), linkTarget);
        } catch (IOException e) {
            throw BerthException.notFound("Could not find the file " + path + " in container " + ref);
        }
    }

    /** Docker's rule: a trailing {@code /} or {@code /.} asserts a directory, so the last symlink is followed. */
    static boolean followsLast(String path) {
        return path.endsWith("/") || path.endsWith("/.");
    }

    static String absolute(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    private Path spool(InputStream archive) {
        try {
            Files.createDirectories(scratch);
            Path upload = Files.createTempFile(scratch, "upload-", ".tar");
            try {
                Files.copy(archive, upload, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                deleteQuietly(upload);
                throw BerthException.invalid("cannot read the archive sent: " + e.getMessage());
            }
            return upload;
        } catch (IOException e) {
            throw BerthException.internal("cannot store the uploaded archive in " + scratch + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover upload in the scratch directory wastes space but harms nothing
        }
    }
}
