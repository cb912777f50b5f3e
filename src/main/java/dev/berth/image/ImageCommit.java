package dev.berth.image;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A new image made of a parent's layers (none for {@code scratch}) plus at most one new layer, with a whole new
 * config and the parent's history plus one entry: what a build step or {@code commit} stores.
 *
 * @param parent the image it builds on; empty for {@code scratch}
 * @param layer  an uncompressed layer tar to add on top (it is stored, not moved); empty for a config-only step
 * @param config the new image's execution config
 * @param step   the history entry for this step; its {@code emptyLayer} must say whether {@code layer} is empty
 */
public record ImageCommit(Optional<Image> parent, Optional<Path> layer, ImageConfig config, HistoryEntry step) {
    public ImageCommit {
        if (step.emptyLayer() == layer.isPresent()) {
            throw new IllegalArgumentException("the history entry's empty_layer must match whether a layer is given");
        }
    }
}
