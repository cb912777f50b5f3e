package dev.berth.image;

import dev.berth.common.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads committed blobs by digest. Every read is verified: a blob whose bytes no longer hash to its name fails. */
public interface ContentProvider {
    boolean contains(Digest digest);

    /** The blob's size in bytes; NOT_FOUND if it is not stored. */
    long size(Digest digest);

    /**
     * Opens a blob for reading. The stream checks the digest when it reaches the end and then throws INTERNAL
     * naming the corrupted blob, so read it to the end before trusting what it gave.
     */
    InputStream open(Digest digest);

    /** The whole blob, verified. */
    default byte[] read(Digest digest) {
        try (InputStream in = open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + digest, e);
        }
    }
}
