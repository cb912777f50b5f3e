package dev.berth.image.archive;

import dev.berth.common.Digest;
import dev.berth.image.ContentIngester;
import dev.berth.image.format.LayerIngest;
import dev.berth.image.format.LayerIngest.StoredLayer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The layers of one image in an archive, whichever format names them. */
final class ArchiveLayers {
    private ArchiveLayers() {}

    /**
     * Stores {@code layers} in order, each checked against the diff id at its index; the caller has checked
     * that the counts match. {@code open} opens a layer in the archive, {@code what} names it in errors.
     */
    static <L> List<StoredLayer> ingest(List<L> layers, List<Digest> diffIds, ContentIngester store,
                                        Function<L, InputStream> open, Function<L, String> what) {
        List<StoredLayer> stored = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            L layer = layers.get(i);
            try (InputStream in = open.apply(layer)) {
                stored.add(LayerIngest.ingest(in, store, Optional.of(diffIds.get(i)), what.apply(layer)));
                in.transferTo(OutputStream.nullOutputStream()); // completes the blob digest check
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stored;
    }
}
