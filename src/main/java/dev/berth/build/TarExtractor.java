package dev.berth.build;

import dev.berth.common.BerthException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * Extracts a tar (plain, gzip, bzip2 or xz, recognised by its first bytes) into a directory: the build context,
 * and local archives that ADD unpacks. Every entry is placed with {@link RootPath}, so no name, {@code ..} or
 * symlink in the archive can write outside the directory. Modes and mtimes are kept; owners only when asked
 * (ADD keeps the archive's owners, a build context's files belong to root as Docker's do).
 */
final class TarExtractor {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private TarExtractor() {}

    /** Whether {@code file} starts like a tar or a compressed stream, as ADD decides what to unpack. */
    static boolean isArchive(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            if (detectCompression(in) != null) {
                return true;
            }
            byte[] header = in.readNBytes(512);
            return header.length == 512 && new String(header, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
        } catch (IOException e) {
            return false;
        }
    }

    /** Extracts {@code archive} into {@code root}; {@code what} names it in errors. */
    static void extract(InputStream archive, Path root, boolean keepOwners, String what) {
        List<Map.Entry<Path, FileTime>> directoryTimes = new ArrayList<>();
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(decompress(archive));
            while (tar.getNextEntry() instanceof TarArchiveEntry entry) {
                Path target = RootPath.resolveParent(root, entry.getName());
                if (target.equals(root)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (!entry.isDirectory() || !Files.isDirectory(target, NOFOLLOW)) {
                    deleteIfPresent(target);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    directoryTimes.add(Map.entry(target, FileTime.from(entry.getModTime().toInstant())));
                } else if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(target, RootPath.resolve(root, entry.getLinkName()));
                    continue;
                } else if (entry.isFile()) {
                    Files.copy(tar, target);
                } else {
                    continue; // devices and fifos have no place in a build context or a COPY
                }
                applyMetadata(target, entry, keepOwners);
            }
            for (var dir : directoryTimes.reversed()) {
                Files.setLastModifiedTime(dir.getKey(), dir.getValue());
            }
        } catch (IOException e) {
            throw BerthException.invalid("cannot extract " + what + ": " + e.getMessage());
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
            dev.berth.common.FileTrees.deleteRecursively(target);
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
