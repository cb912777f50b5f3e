package dev.berth.image.archive;

import dev.berth.common.Digest;
import dev.berth.image.ImageRef;
import dev.berth.image.format.LayerIngest.StoredLayer;
import java.util.List;

/** An image read from an archive whose config and layers are now in the content store, not yet recorded. */
public record LoadedImage(Digest config, List<StoredLayer> layers, List<ImageRef> tags) {
    public LoadedImage {
        layers = List.copyOf(layers);
        tags = List.copyOf(tags);
    }
}
