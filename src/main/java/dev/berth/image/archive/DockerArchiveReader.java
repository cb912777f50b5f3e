package dev.berth.image.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.Json;
import dev.berth.image.ContentIngester;
import dev.berth.image.ImageRef;
import dev.berth.image.format.ImageConfigBlob;
import dev.berth.image.format.LayerIngest.StoredLayer;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code manifest.json} archives: docker save (all versions), skopeo and podman docker-archive. */
final class DockerArchiveReader {
    private DockerArchiveReader() {}

    static List<LoadedImage> read(ExtractedArchive archive, ContentIngester store) {
        JsonNode entries = Json.tree(archive.read("manifest.json"), archive.what() + " manifest.json");
        if (!entries.isArray()) {
            throw BerthException.invalid("manifest.json in " + archive.what() + " is not a JSON array");
        }
        List<LoadedImage> images = new ArrayList<>();
        for (JsonNode node : entries) {
            DockerArchiveEntry entry = Json.parse(Json.bytes(node), DockerArchiveEntry.class, "manifest.json");
            images.add(readImage(archive, store, entry));
        }
        return images;
    }

    private static LoadedImage readImage(ExtractedArchive archive, ContentIngester store, DockerArchiveEntry entry) {
        byte[] configBytes = archive.read(entry.config());
        String what = "image config " + entry.config() + " of " + archive.what();
        ImageConfigBlob config = ImageConfigBlob.parse(configBytes, what);
        Digest configDigest = Digest.sha256(configBytes);
        String baseName = entry.config().substring(entry.config().lastIndexOf('/') + 1).replaceFirst("\\.json$", "");
        if (baseName.matches("[0-9a-f]{64}") && !baseName.equals(configDigest.hex())) {
            throw BerthException.invalid(what + " hashes to " + configDigest + ", not to the id in its name");
        }
        if (config.diffIds().size() != entry.layers().size()) {
            throw BerthException.invalid(what + " lists " + config.diffIds().size() + " diff_ids but manifest.json "
                    + entry.layers().size() + " layers");
        }
        List<StoredLayer> layers = ArchiveLayers.ingest(entry.layers(), config.diffIds(), store, archive::open,
                name -> "layer " + name + " of " + archive.what());
        store.write(configBytes, what);
        List<ImageRef> tags = entry.repoTags().stream().map(ImageRef::parse).toList();
        return new LoadedImage(configDigest, layers, tags);
    }
}
