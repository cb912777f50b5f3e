package dev.berth.image.archive;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.image.format.Compression;
import dev.berth.image.format.LayerEntryChecker;
import dev.berth.image.format.TarPaths;
import dev.berth.image.format.VerifyingInputStream;
import dev.berth.common.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image archive unpacked into a private temp directory, so its files can be read in any order (docker save
 * puts manifest.json last). Extraction keeps every entry inside the directory; files are opened by the names
 * the archive's JSON uses, which are checked the same way. Closing deletes the directory.
 */
final class ExtractedArchive implements AutoCloseable {
    private static final Pattern BLOB_NAME = Pattern.compile("blobs/sha256/([0-9a-f]{64})");
    private final Path dir;
    private final String what;

    private ExtractedArchive(Path dir, String what) {
        this.dir = dir;
        this.what = what;
    }

    static ExtractedArchive extract(InputStream archive, Path tempParent, String what) {
        Path dir;
        try {
            dir = Files.createTempDirectory(tempParent, "load-");
        } catch (IOException e) {
            throw BerthException.internal("cannot create a temp directory in " + tempParent + ": " + e.getMessage(), e);
        }
        ExtractedArchive extracted = new ExtractedArchive(dir, what);
        try {
            extracted.unpack(archive);
            return extracted;
        } catch (IOException e) {
            extracted.close();
            throw BerthException.invalid(what + " is not a valid tar archive: " + e.getMessage());
        } catch (RuntimeException e) {
            extracted.close();
            throw e;
        }
    }

    private void unpack(InputStream archive) throws IOException {
        LayerEntryChecker checker = new LayerEntryChecker(what);
        TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompress(archive, what));
        while (tar.getNextEntry() instanceof TarArchiveEntry entry) {
            String path = checker.check(entry);
            if (path.isEmpty()) {
                continue;
            }
            Path target = dir.resolve(path);
            Files.createDirectories(target.getParent());
            if (entry.isDirectory()) {
                Files.createDirectories(target);
            } else if (entry.isSymbolicLink()) {
                // docker save links duplicate layers to one copy; a link must stay inside the archive
                TarPaths.resolveLinkWithin(path, entry.getLinkName(), what);
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            } else if (entry.isLink()) {
                Files.deleteIfExists(target);
                Files.createLink(target, dir.resolve(checker.hardLinkTarget(entry)));
            } else if (entry.isFile()) {
                Files.deleteIfExists(target);
                Files.copy(tar, target);
            } else {
                throw TarPaths.unsafe(what, entry.getName(), "is a device, fifo or other special file");
            }
        }
    }

    boolean exists(String name) {
        return Files.isRegularFile(file(name));
    }

    byte[] read(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens a file the archive's JSON names. Files named {@code blobs/sha256/<hex>} are verified against that
     * digest as they are read.
     */
    InputStream open(String name) {
        Path file = file(name);
        if (!Files.isRegularFile(file)) {
            throw BerthException.invalid(what + " names '" + name + "' but has no such file");
        }
        try {
            InputStream in = Files.newInputStream(file);
            var blob = BLOB_NAME.matcher(TarPaths.normalize(name, what));
            return blob.matches() ? new VerifyingInputStream(in, new Digest("sha256", blob.group(1))) : in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens {@code blobs/sha256/<hex>} of an OCI layout, verified. */
    InputStream openBlob(Digest digest) {
        return open("blobs/" + digest.algorithm() + "/" + digest.hex());
    }

    byte[] readBlob(Digest digest) {
        return read("blobs/" + digest.algorithm() + "/" + digest.hex());
    }

    String what() {
        return what;
    }

    /** Resolves a name inside the directory; symlinks made by extraction were checked to stay inside. */
    private Path file(String name) {
        Path file = dir.resolve(TarPaths.normalize(name, what));
        try {
            if (Files.exists(file) && !file.toRealPath().startsWith(dir.toRealPath())) {
                throw TarPaths.unsafe(what, name, "resolves outside the archive");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public void close() {
        FileTrees.deleteRecursively(dir);
    }
}
