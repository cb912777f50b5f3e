package dev.berth.image.oci;

import dev.berth.common.AtomicFiles;
import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.image.ContentStore;
import dev.berth.image.ContentWriter;
import dev.berth.image.format.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A content store in an OCI image layout directory ({@code <root>/oci-layout}, {@code <root>/blobs/sha256/<hex>}).
 * Writes follow containerd's commit: temp file in {@code <root>/ingest}, fsync, size and digest check, atomic
 * rename, read-only blob, synced directory.
 */
public final class OciLayoutStore implements ContentStore {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private final Path blobs;
    private final Path ingest;

    private OciLayoutStore(Path root) {
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.ingest = root.resolve("ingest");
    }

    /** Opens (creating if needed) the layout at {@code root}; leftovers of interrupted writes are removed. */
    public static OciLayoutStore open(Path root) {
        OciLayoutStore store = new OciLayoutStore(root);
        try {
            Files.createDirectories(store.blobs);
            Files.createDirectories(store.ingest);
            try (Stream<Path> leftovers = Files.list(store.ingest)) {
                for (Path p : leftovers.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Path layout = root.resolve("oci-layout");
            if (!Files.exists(layout)) {
                AtomicFiles.write(layout, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw BerthException.internal("cannot open image content store at " + root + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** The directory temp files are written in; on the same file system as the blobs. */
    public Path ingestDirectory() {
        return ingest;
    }

    @Override
    public boolean contains(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    @Override
    public long size(Digest digest) {
        return onBlobFile(digest, Files::size);
    }

    @Override
    public InputStream open(Digest digest) {
        return onBlobFile(digest, file -> new VerifyingInputStream(Files.newInputStream(file), digest));
    }

    @Override
    public ContentWriter writer(String what) {
        try {
            return new BlobWriter(Files.createTempFile(ingest, "blob-", ".tmp"), what);
        } catch (IOException e) {
            throw BerthException.internal("cannot create a temp file in " + ingest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Set<Digest> digests() {
        try (Stream<Path> files = Files.list(blobs)) {
            Set<Digest> all = new HashSet<>();
            files.map(p -> p.getFileName().toString()).filter(n -> HEX64.matcher(n).matches())
                    .forEach(hex -> all.add(new Digest("sha256", hex)));
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long delete(Digest digest) {
        try {
            Path p = path(digest);
            long size = Files.exists(p) ? Files.size(p) : 0;
            Files.deleteIfExists(p);
            return size;
        } catch (IOException e) {
            throw BerthException.internal("cannot delete blob " + digest + ": " + e.getMessage(), e);
        }
    }

    private Path path(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    /** What a read does with a blob's file. */
    private interface BlobFileAction<T> {
        T apply(Path file) throws IOException;
    }

    /** Runs {@code action} on the blob's file; a file that is not there is the blob that is missing. */
    private <T> T onBlobFile(Digest digest, BlobFileAction<T> action) {
        try {
            return action.apply(path(digest));
        } catch (NoSuchFileException e) {
            throw missing(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BerthException missing(Digest digest) {
        return BerthException.notFound("blob " + digest + " is not in the content store;"
                + " load or pull the image that needs it again");
    }

    /**
     * Gathers writes in a {@link #WRITE_BUFFER} before they go to the file: a tar reader hands out 8 KiB at a time,
     * and a write(2) per 8 KiB cost a 128 MiB pull ~16,000 system calls.
     */
    private final class BlobWriter implements ContentWriter {
        private static final int WRITE_BUFFER = 256 * 1024;
        private final Path temp;
        private final String what;
        private final FileChannel channel;
        private final MessageDigest hash = Digest.newSha256();
        private final ByteBuffer pending = ByteBuffer.allocate(WRITE_BUFFER);
        private long size;

        BlobWriter(Path temp, String what) throws IOException {
            this.temp = temp;
            this.what = what;
            this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            hash.update(buffer, offset, length);
            size += length;
            if (length > pending.remaining()) {
                flush();
            }
            if (length >= WRITE_BUFFER) {
                writeFully(ByteBuffer.wrap(buffer, offset, length));
            } else {
                pending.put(buffer, offset, length);
            }
        }

        private void flush() {
            writeFully(pending.flip());
            pending.clear();
        }

        private void writeFully(ByteBuffer data) {
            try {
                while (data.hasRemaining()) {
                    channel.write(data);
                }
            } catch (IOException e) {
                throw BerthException.internal("cannot write " + what + " to " + temp + ": " + e.getMessage(), e);
            }
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public Digest commit(Optional<Digest> expected) {
            Digest actual = Digest.fromHash(hash.digest());
            try {
                if (expected.isPresent() && !expected.get().equals(actual)) {
                    throw BerthException.invalid(what + " has digest " + actual + " but " + expected.get()
                            + " was expected; the data is corrupt or the archive lies about it");
                }
                flush();
                channel.force(true);
                channel.close();
                if (Files.size(temp) != size) {
                    throw BerthException.internal("blob " + actual + " (" + what + ") was written short");
                }
                Path target = path(actual);
                if (!Files.exists(target)) {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--r--r--"));
                    AtomicFiles.moveIntoPlace(temp, target);
                    try (FileChannel dir = FileChannel.open(blobs, StandardOpenOption.READ)) {
                        dir.force(true);
                    }
                }
                return actual;
            } catch (IOException e) {
                throw BerthException.internal("cannot commit " + what + " as blob " + actual + ": " + e.getMessage(), e);
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot discard " + temp, e);
            }
        }
    }
}
