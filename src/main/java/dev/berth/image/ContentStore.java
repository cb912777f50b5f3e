package dev.berth.image;

import dev.berth.common.Digest;
import java.util.Set;

/** Content-addressed blob storage: read, write and garbage collection roles together. */
public interface ContentStore extends ContentProvider, ContentIngester {
    /** Every committed blob. */
    Set<Digest> digests();

    /** Deletes a blob; returns the bytes freed (0 if it was not there). */
    long delete(Digest digest);
}
