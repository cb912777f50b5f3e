package dev.berth.image.archive;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.image.ContentIngester;
import dev.berth.image.ImageRef;
import dev.berth.image.format.ImageConfigBlob;
import dev.berth.image.format.LayerIngest.StoredLayer;
import dev.berth.image.format.MediaTypes;
import dev.berth.image.format.OciDescriptor;
import dev.berth.image.format.OciIndex;
import dev.berth.image.format.OciManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads OCI image layouts ({@code oci-layout}, {@code index.json}, {@code blobs/}) as skopeo, podman and docker 25+
 * write them. Every blob is checked against the digest that names it; multi-platform indexes give the host's
 * platform.
 */
final class OciArchiveReader {
    private OciArchiveReader() {}

    static List<LoadedImage> read(ExtractedArchive archive, ContentIngester store) {
        OciIndex index = OciIndex.parse(archive.read("index.json"), "index.json of " + archive.what());
        Map<Digest, LoadedImage> byManifest = new LinkedHashMap<>();
        for (OciDescriptor top : index.manifests()) {
            OciDescriptor manifest = selectManifest(archive, top);
            LoadedImage image = byManifest.computeIfAbsent(manifest.contentDigest(),
                    d -> readImage(archive, store, manifest));
            List<ImageRef> tags = new ArrayList<>(image.tags());
            tagOf(top).filter(t -> !tags.contains(t)).ifPresent(tags::add);
            byManifest.put(manifest.contentDigest(), new LoadedImage(image.config(), image.layers(), tags));
        }
        return List.copyOf(byManifest.values());
    }

    /** The image's name: containerd's full-name annotation, else ref.name when it is a full reference. */
    private static Optional<ImageRef> tagOf(OciDescriptor descriptor) {
        String containerd = descriptor.annotations().getOrDefault(OciIndex.CONTAINERD_NAME, "");
        if (!containerd.isEmpty()) {
            return Optional.of(ImageRef.parse(containerd));
        }
        // docker writes a bare tag ("latest") in ref.name, which names no repository
        String refName = descriptor.annotations().getOrDefault(OciIndex.REF_NAME, "");
        return refName.contains(":") || refName.contains("/") ? Optional.of(ImageRef.parse(refName)) : Optional.empty();
    }

    private static OciDescriptor selectManifest(ExtractedArchive archive, OciDescriptor descriptor) {
        if (MediaTypes.isManifest(descriptor.mediaType())) {
            return descriptor;
        }
        if (!MediaTypes.isIndex(descriptor.mediaType())) {
            throw BerthException.invalid("index.json of " + archive.what() + " refers to " + descriptor.digest()
                    + " of unsupported media type '" + descriptor.mediaType() + "'");
        }
        OciIndex nested = OciIndex.parse(readVerified(archive, descriptor), "image index " + descriptor.digest());
        String arch = ImageConfigBlob.hostArchitecture();
        return nested.manifests().stream()
                .filter(m -> m.platform().isEmpty()
                        || ("linux".equals(m.platform().get("os")) && arch.equals(m.platform().get("architecture"))))
                .findFirst()
                .map(m -> selectManifest(archive, m))
                .orElseThrow(() -> BerthException.invalid("image index " + descriptor.digest() + " in " + archive.what()
                        + " has no manifest for linux/" + arch));
    }

    private static LoadedImage readImage(ExtractedArchive archive, ContentIngester store, OciDescriptor descriptor) {
        OciManifest manifest = OciManifest.parse(readVerified(archive, descriptor), "manifest " + descriptor.digest());
        byte[] configBytes = readVerified(archive, manifest.config());
        String what = "image config " + manifest.config().digest() + " of " + archive.what();
        ImageConfigBlob config = ImageConfigBlob.parse(configBytes, what);
        if (config.diffIds().size() != manifest.layers().size()) {
            throw BerthException.invalid(what + " lists " + config.diffIds().size() + " diff_ids but its manifest "
                    + manifest.layers().size() + " layers");
        }
        List<StoredLayer> layers = ArchiveLayers.ingest(manifest.layers(), config.diffIds(), store,
                layer -> archive.openBlob(layer.contentDigest()), layer -> "layer " + layer.digest() + " of " + archive.what());
        store.write(configBytes, what);
        return new LoadedImage(manifest.config().contentDigest(), layers, List.of());
    }

    private static byte[] readVerified(ExtractedArchive archive, OciDescriptor descriptor) {
        byte[] data = archive.readBlob(descriptor.contentDigest());
        if (data.length != descriptor.size()) {
            throw BerthException.invalid("blob " + descriptor.digest() + " in " + archive.what() + " has "
                    + data.length + " bytes but its descriptor says " + descriptor.size());
        }
        return data;
    }
}
