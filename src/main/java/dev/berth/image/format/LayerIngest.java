package dev.berth.image.format;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.image.ContentIngester;
import dev.berth.image.ContentWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Stores a layer uncompressed, so its blob digest is its diff id: the stream is decompressed, every tar entry
 * is checked by {@link LayerEntryChecker} while the bytes go into a blob writer, and the blob is committed only
 * if the whole tar was safe (and matched {@code expectedDiffId}, when given).
 */
public final class LayerIngest {
    /** A stored layer: its diff id (= blob digest) and uncompressed size. */
    public record StoredLayer(Digest diffId, long size) {}

    /** How much of an entry's content is read at once: the tar reader skips an entry 8 KiB at a time. */
    private static final int CONTENT_READ = 256 * 1024;

    private LayerIngest() {}

    public static StoredLayer ingest(InputStream layer, ContentIngester store, Optional<Digest> expectedDiffId,
                                     String what) {
        try (ContentWriter writer = receive(layer, store, what)) {
            long size = writer.size();
            return new StoredLayer(writer.commit(expectedDiffId), size);
        }
    }

    /**
     * Reads {@code layer} to its end into a blob writer, checking every tar entry, and hands the writer over
     * uncommitted: the caller commits it (or closes it, which discards it). On failure nothing is left behind.
     */
    public static ContentWriter receive(InputStream layer, ContentIngester store, String what) {
        ContentWriter writer = store.writer(what);
        try {
            InputStream copying = new CopyingInputStream(Compression.decompress(layer, what), writer);
            LayerEntryChecker checker = new LayerEntryChecker(what);
            TarArchiveInputStream tar = new TarArchiveInputStream(copying);
            byte[] content = new byte[CONTENT_READ];
            while (tar.getNextEntry() instanceof TarArchiveEntry entry) {
                checker.check(entry);
                while (tar.read(content) >= 0) {
                    // the content reaches the blob through the copying stream, in fewer, larger reads than a skip
                }
            }
            copying.transferTo(OutputStream.nullOutputStream()); // the padding after the end-of-archive records
            return writer;
        } catch (IOException e) {
            writer.close();
            throw BerthException.invalid(what + " is not a valid tar archive: " + e.getMessage());
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /** Hands every byte read, and skipped, to the blob writer. */
    private static final class CopyingInputStream extends TappedInputStream {
        private final ContentWriter writer;

        CopyingInputStream(InputStream in, ContentWriter writer) {
            super(in);
            this.writer = writer;
        }

        @Override
        void tap(byte[] buffer, int offset, int length) {
            writer.write(buffer, offset, length);
        }
    }
}
