package dev.berth.common;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * Extracts a tar (plain, gzip, bzip2 or xz, recognised by its first bytes) into a directory of a {@link RootPath}:
 * the build context, local archives that ADD unpacks, and what {@code docker cp} copies. Every entry is placed with
 * the root's resolution, so no name, {@code ..} or symlink in the archive can write outside the root. Modes and
 * mtimes are kept; owners only when asked (ADD and {@code docker cp -a} keep the archive's owners, a build
 * context's files belong to root as Docker's do).
 */
public final class TarExtractor {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private TarExtractor() {}

    /**
     * How to extract.
     *
     * @param what                 names the archive in errors
     * @param rejectEscapes        an entry (or a link target) that climbs out of the directory is an error, as moby's
     *                             pkg/archive calls it a breakout; otherwise it is held inside the root
     * @param noOverwriteDirNonDir replacing a directory by a non-directory, or the reverse, is an error (Docker's
     *                             PUT /containers/{id}/archive parameter of that name)
     * @param rebase               renames the archive's top entry as it is extracted
     */
    public record Options(String what, boolean keepOwners, boolean rejectEscapes, boolean noOverwriteDirNonDir, Rebase rebase) {
        /** A build context or an ADD archive: hostile names are held inside the directory. */
        public static Options contained(String what, boolean keepOwners) {
            return new Options(what, keepOwners, false, false, Rebase.NONE);
        }

        /** What {@code docker cp} sends or receives: hostile names are errors. */
        public static Options copy(String what, boolean keepOwners, boolean noOverwriteDirNonDir) {
            return new Options(what, keepOwners, true, noOverwriteDirNonDir, Rebase.NONE);
        }

        public Options rebased(String from, String to) {
            return new Options(what, keepOwners, rejectEscapes, noOverwriteDirNonDir, new Rebase(from, to));
        }
    }

    /**
     * Docker's RebaseArchiveEntries: entries named {@code from} or below it are extracted as {@code to}, which is
     * how {@code docker cp} gives a copy another name than the source's ({@code .} means the directory itself).
     */
    public record Rebase(String from, String to) {
        static final Rebase NONE = new Rebase("", "");

        String apply(String name) {
            if (from.equals(".")) { // a copy of a directory's contents: every entry is below "."
                String rest = name.replaceFirst("^(\\./)+", "").replaceFirst("^\\.$", "");
                return rest.isEmpty() ? to : to + "/" + rest;
            }
            if (from.isEmpty() || !(name.equals(from) || name.startsWith(from + "/"))) {
                return name;
            }
            return to + name.substring(from.length());
        }
    }

    /** Whether {@code file} starts like a tar or a compressed stream, as ADD decides what to unpack. */
    public static boolean isArchive(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            if (detectCompression(in) != null) {
                return true;
            }
            byte[] header = in.readNBytes(512);
            return header.length == 512 && new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads the whole archive and fails on the first entry that would climb out of its directory, writing nothing:
     * callers that must leave the target untouched by a hostile archive check a copy of it before they extract.
     */
    public static void requireContained(InputStream archive, String what) {
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(decompress(archive));
            while (tar.getNextEntry() instanceof TarArchiveEntry entry) {
                requireContained(entry, what);
            }
        } catch (IOException e) {
            throw BerthException.invalid("cannot read " + what + ": " + e.getMessage());
        }
    }

    /** Extracts {@code archive} into {@code directory} (a path in {@code root}, which must exist). */
    public static void extract(InputStream archive, RootPath root, String directory, Options options) {
        List<Map.Entry<Path, FileTime>> directoryTimes = new ArrayList<>();
        Path top = root.resolve(directory);
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(decompress(archive));
            while (tar.getNextEntry() instanceof TarArchiveEntry entry) {
                if (options.rejectEscapes()) {
                    requireContained(entry, options.what());
                }
                Path target = root.resolveParent(directory + "/" + options.rebase().apply(entry.getName()));
                if (target.equals(top)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (options.noOverwriteDirNonDir()) {
                    requireSameKind(target, entry, options.what());
                }
                if (!entry.isDirectory() || !Files.isDirectory(target, NOFOLLOW)) {
                    deleteIfPresent(target);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    directoryTimes.add(Map.entry(target, FileTime.from(entry.getModTime().toInstant())));
                } else if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(target, root.resolve(directory + "/" + options.rebase().apply(entry.getLinkName())));
                    continue;
                } else if (entry.isFile()) {
                    Files.copy(tar, target);
                } else {
                    continue; // devices and fifos have no place in a build context, a COPY or a docker cp
                }
                applyMetadata(target, entry, options.keepOwners());
            }
            for (var dir : directoryTimes.reversed()) {
                Files.setLastModifiedTime(dir.getKey(), dir.getValue());
            }
        } catch (IOException e) {
            throw BerthException.invalid("cannot extract " + options.what() + ": " + e.getMessage());
        }
    }

    /**
     * moby pkg/archive's breakout rules: a name (absolute ones count from the directory) or a hard link's target must
     * stay below the directory, and so must a relative symlink's target seen from the link's own directory.
     */
    private static void requireContained(TarArchiveEntry entry, String what) {
        String name = entry.getName();
        String parent = name.replaceAll("/+$", "").replaceAll("[^/]*$", "");
        boolean escapes = climbsOut(name)
                || entry.isLink() && climbsOut(entry.getLinkName())
                || entry.isSymbolicLink() && !entry.getLinkName().startsWith("/") && climbsOut(parent + entry.getLinkName());
        if (escapes) {
            throw BerthException.invalid("cannot extract " + what + ": entry \"" + name
                    + (entry.isLink() || entry.isSymbolicLink() ? "\" -> \"" + entry.getLinkName() : "")
                    + "\" points outside the directory it is extracted into");
        }
    }

    /** Whether a relative path's {@code ..} components climb above where it starts. */
    static boolean climbsOut(String path) {
        int depth = 0;
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                if (--depth < 0) {
                    return true;
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return false;
    }

    private static void requireSameKind(Path target, TarArchiveEntry entry, String what) {
        if (!Files.exists(target, NOFOLLOW)) {
            return;
        }
        boolean isDirectory = Files.isDirectory(target, NOFOLLOW);
        if (isDirectory != entry.isDirectory()) {
            throw BerthException.invalid("cannot extract " + what + ": cannot overwrite " + (isDirectory ? "directory" : "non-directory")
                    + " \"" + entry.getName().replaceAll("/+$", "") + "\" with " + (isDirectory ? "non-directory" : "directory"));
        }
    }

    private static void applyMetadata(Path target, TarArchiveEntry entry, boolean keepOwners) throws IOException {
        if (keepOwners) {
            Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), NOFOLLOW);
            Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), NOFOLLOW);
        }
        if (!entry.isSymbolicLink()) {
            Files.setAttribute(target, "unix:mode", entry.getMode() & 07777, NOFOLLOW);
            Files.setLastModifiedTime(target, FileTime.from(entry.getModTime().toInstant()));
        }
    }

    private static void deleteIfPresent(Path target) throws IOException {
        if (Files.isDirectory(target, NOFOLLOW)) {
            FileTrees.deleteRecursively(target);
        } else {
            Files.deleteIfExists(target);
        }
    }

    private static InputStream decompress(InputStream in) throws IOException {
        InputStream buffered = new BufferedInputStream(in, 64 * 1024);
        String compression = detectCompression(buffered);
        if (compression == null) {
            return buffered;
        }
        try {
            return new CompressorStreamFactory(true).createCompressorInputStream(compression, buffered);
        } catch (CompressorException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The compression of a mark-supporting stream, or null for none (plain tar). */
    private static String detectCompression(InputStream buffered) {
        try {
            return CompressorStreamFactory.detect(buffered);
        } catch (CompressorException e) {
            return null;
        }
    }
}
