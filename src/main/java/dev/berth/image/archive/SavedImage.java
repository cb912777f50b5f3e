package dev.berth.image.archive;

import dev.berth.common.Digest;
import dev.berth.image.ImageRef;
import java.util.List;

/** A stored image to write into an archive: its config, manifest and layer blobs, and the tags to name. */
public record SavedImage(Digest config, Digest manifest, List<Digest> layers, List<ImageRef> tags) {
    public SavedImage {
        layers = List.copyOf(layers);
        tags = List.copyOf(tags);
    }
}
