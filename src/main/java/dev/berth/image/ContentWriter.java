package dev.berth.image;

import dev.berth.common.Digest;
import java.util.Optional;

/**
 * One blob being written: bytes go to a temp file while they are hashed. {@link #commit} makes it a blob;
 * {@link #close} without a commit discards it, so try-with-resources never leaves half a blob behind.
 */
public interface ContentWriter extends AutoCloseable {
    void write(byte[] buffer, int offset, int length);

    /** Bytes written so far. */
    long size();

    /**
     * Syncs, checks the digest against {@code expected} (INVALID_ARGUMENT on mismatch), renames the blob into
     * place read-only and returns its digest. A blob that is already stored is kept as it is.
     */
    Digest commit(Optional<Digest> expected);

    /** Discards the temp file unless committed. */
    @Override
    void close();
}
