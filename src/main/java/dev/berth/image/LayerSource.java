package dev.berth.image;

import dev.berth.common.Digest;
import java.io.InputStream;

/** Gives a snapshotter an image layer's uncompressed tar, the stream its diff id is the digest of. */
@FunctionalInterface
public interface LayerSource {
    /** Opens the layer; the stream is verified against {@code diffId} when read to its end. */
    InputStream openLayer(Digest diffId);
}
