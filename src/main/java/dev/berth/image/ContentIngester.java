package dev.berth.image;

import dev.berth.common.Digest;
import java.util.Optional;

/** Writes new blobs, all-or-nothing. */
public interface ContentIngester {
    /** Starts a blob; {@code what} names it in errors ("layer 3 of busybox.tar"). */
    ContentWriter writer(String what);

    /** Stores a small blob held in memory. */
    default Digest write(byte[] data, String what) {
        try (ContentWriter w = writer(what)) {
            w.write(data, 0, data.length);
            return w.commit(Optional.empty());
        }
    }
}
