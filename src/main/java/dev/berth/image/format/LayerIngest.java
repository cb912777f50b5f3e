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

    private LayerIngest() {}

    public static StoredLayer ingest(InputStream layer, ContentIngester store, Optional<Digest> expectedDiffId,
                                     String what) {
        try (ContentWriter writer = store.writer(what)) {
            InputStream copying = new CopyingInputStream(Compression.decompress(layer, what), writer);
            LayerEntryChecker checker = new LayerEntryChecker(what);
            TarArchiveInputStream tar = new TarArchiveInputStream(copying);
            while (tar.getNextEntry() instanceof TarArchiveEntry entry) {
                checker.check(entry);
            }
            copying.transferTo(OutputStream.nullOutputStream()); // the padding after the end-of-archive records
            long size = writer.size();
            return new StoredLayer(writer.commit(expectedDiffId), size);
        } catch (IOException e) {
            throw BerthException.invalid(what + " is not a valid tar archive: " + e.getMessage());
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
