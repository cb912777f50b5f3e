package dev.berth.image.registry;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.ErrorKind;
import dev.berth.common.RegistryAuth;
import dev.berth.image.ContentWriter;
import dev.berth.image.Image;
import dev.berth.image.ImageRef;
import dev.berth.image.Platform;
import dev.berth.image.RegistryService.PullResult;
import dev.berth.image.RemoteRef;
import dev.berth.image.RepoDigest;
import dev.berth.image.TransferListener;
import dev.berth.image.TransferListener.Step;
import dev.berth.image.format.ImageConfigBlob;
import dev.berth.image.format.LayerIngest;
import dev.berth.image.format.MediaTypes;
import dev.berth.image.format.OciDescriptor;
import dev.berth.image.format.OciIndex;
import dev.berth.image.format.OciManifest;
import dev.berth.image.format.VerifyingInputStream;
import dev.berth.image.registry.DistributionClient.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * One pull: manifest (through an index to the wanted platform), config, then the missing layers in parallel, each
 * streamed from the registry through a sha256 check of the compressed bytes into {@link LayerIngest}, which checks
 * the tar; the uncompressed blob is committed only if its digest is the diff id. The image is recorded only when
 * every blob is in; on failure the blobs this pull stored are discarded again.
 */
final class ImagePuller {
    /** Docker's default max-concurrent-downloads. */
    private static final int PARALLEL_LAYERS = 3;

    private final DistributionClient registry;
    private final LocalStore local;

    ImagePuller(DistributionClient registry, LocalStore local) {
        this.registry = registry;
        this.local = local;
    }

    PullResult pull(RemoteRef ref, Platform platform, RegistryAuth auth, TransferListener listener) {
        Scope scope = Scope.pull(ref.registry(), ref.repository(), auth);
        Manifest named = registry.manifest(scope, ref.repository(), ref.reference());
        Manifest manifest = imageManifest(scope, ref, named, platform);
        OciManifest parsed = OciManifest.parse(manifest.bytes(), "manifest of " + ref);
        Digest configDigest = parsed.config().contentDigest();
        List<ImageRef> tags = ref.byDigest() ? List.of() : List.of(ref.localTag());
        Optional<Image> present = local.images().find(configDigest.toString());
        if (present.isPresent()) {
            boolean newTag = tags.stream().anyMatch(tag -> !present.get().repoTags().contains(tag.toString()));
            tags.forEach(tag -> local.images().tag(configDigest.toString(), tag));
            return new PullResult(recorded(ref, configDigest, named.digest()), named.digest(), newTag);
        }
        listener.started(ref);
        Set<Digest> stored = ConcurrentHashMap.newKeySet();
        try {
            ImageConfigBlob config = fetchConfig(scope, ref, parsed.config(), stored);
            List<Digest> diffIds = config.diffIds();
            if (diffIds.size() != parsed.layers().size()) {
                throw BerthException.invalid("manifest of " + ref + " lists " + parsed.layers().size() + " layers but its config "
                        + diffIds.size() + " diff ids; the image is malformed");
            }
            fetchLayers(scope, ref, parsed.layers(), diffIds, listener, stored);
            local.images().add(configDigest, diffIds, tags);
            return new PullResult(recorded(ref, configDigest, named.digest()), named.digest(), true);
        } catch (RuntimeException e) {
            local.images().discardUnreferenced(stored);
            throw e;
        }
    }

    /** The image, with {@code ref}'s repository and the digest it named (an index's, if it named one) among its RepoDigests. */
    private Image recorded(RemoteRef ref, Digest image, Digest named) {
        local.images().recordDigest(image, new RepoDigest(ref.familiarName(), named));
        return local.images().resolve(image.toString());
    }

    /** The image manifest behind {@code named}, what {@code ref} names: itself, or from an index the one for {@code platform}. */
    private Manifest imageManifest(Scope scope, RemoteRef ref, Manifest named, Platform platform) {
        Manifest manifest = named;
        if (MediaTypes.isIndex(manifest.mediaType())) {
            OciDescriptor chosen = choose(OciIndex.parse(manifest.bytes(), "index of " + ref), platform, ref);
            manifest = registry.manifest(scope, ref.repository(), chosen.digest());
        }
        if (!MediaTypes.isManifest(manifest.mediaType())) {
            throw BerthException.invalid("registry " + ref.registry() + " sent " + ref + " as media type '"
                    + manifest.mediaType() + "', which Berth does not read (it reads OCI and Docker schema 2 manifests and indexes)");
        }
        return manifest;
    }

    private static OciDescriptor choose(OciIndex index, Platform platform, RemoteRef ref) {
        List<String> offered = new ArrayList<>();
        for (OciDescriptor entry : index.manifests()) {
            Map<String, Object> p = entry.platform();
            String os = String.valueOf(p.getOrDefault("os", ""));
            String arch = String.valueOf(p.getOrDefault("architecture", ""));
            String variant = String.valueOf(p.getOrDefault("variant", ""));
            if (platform.matches(os, arch, variant) && MediaTypes.isManifest(entry.mediaType())) {
                return entry;
            }
            offered.add(os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant));
        }
        throw BerthException.notFound("no image for platform " + platform + " in " + ref + "; it has " + offered
                + " (choose one with --platform)");
    }

    private ImageConfigBlob fetchConfig(Scope scope, RemoteRef ref, OciDescriptor descriptor, Set<Digest> stored) {
        Digest digest = descriptor.contentDigest();
        String what = "image config " + digest + " of " + ref;
        if (!local.content().contains(digest)) {
            if (descriptor.size() > DistributionClient.MAX_MANIFEST_BYTES) {
                throw BerthException.invalid(what + " claims " + descriptor.size() + " bytes; refusing a config that large");
            }
            try (InputStream in = verified(scope, ref, descriptor, size -> {})) {
                local.content().write(in.readAllBytes(), what);
                stored.add(digest);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ImageConfigBlob.parse(local.content().read(digest), what);
    }

    /**
     * Downloads the layers not stored yet, {@link #PARALLEL_LAYERS} at a time; each is synced and committed after
     * its download slot went to the next layer. The first failure cancels the rest.
     */
    private void fetchLayers(Scope scope, RemoteRef ref, List<OciDescriptor> layers, List<Digest> diffIds,
                             TransferListener listener, Set<Digest> stored) {
        List<Supplier<Runnable>> downloads = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            OciDescriptor layer = layers.get(i);
            Digest diffId = diffIds.get(i);
            String id = layer.contentDigest().shortHex();
            if (local.content().contains(diffId)) {
                listener.layer(id, Step.ALREADY_EXISTS, 0, 0);
                continue;
            }
            listener.layer(id, Step.WAITING, 0, 0);
            String what = "layer " + (i + 1) + " (" + layer.digest() + ") of " + ref;
            downloads.add(() -> {
                ContentWriter received = fetchLayer(scope, ref, layer, what, listener);
                return () -> {
                    try (received) {
                        received.commit(Optional.of(diffId));
                    }
                    stored.add(diffId);
                    if (layer.contentDigest().equals(diffId)) {
                        local.sources().remember(ref.registry(), diffId, ref.repository());
                    }
                    listener.layer(id, Step.PULLED, 0, 0);
                };
            });
        }
        Parallel.runFinishing(downloads, PARALLEL_LAYERS);
    }

    /** The layer downloaded, verified and checked into a blob writer, not committed yet. */
    private ContentWriter fetchLayer(Scope scope, RemoteRef ref, OciDescriptor layer, String what,
                                     TransferListener listener) {
        if (!layer.mediaType().isEmpty() && !layer.mediaType().contains("tar")) {
            throw BerthException.invalid(what + " has media type '" + layer.mediaType() + "', which is not a layer tar");
        }
        String id = layer.contentDigest().shortHex();
        try (InputStream in = verified(scope, ref, layer, new LayerProgress(listener, id, Step.DOWNLOADING, layer.size()))) {
            try {
                return LayerIngest.receive(in, local.content(), what);
            } catch (BerthException e) {
                throw digestMismatchBehind(e, in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A layer that fails to unpack may just be one with wrong bytes: reads the rest so its digest is checked, and
     * blames the digest, the root cause, if it is wrong.
     */
    private static BerthException digestMismatchBehind(BerthException failure, InputStream rest) {
        if (failure.kind() != ErrorKind.INVALID_ARGUMENT) {
            return failure; // not about the bytes: the connection or the disk
        }
        try {
            rest.transferTo(OutputStream.nullOutputStream());
            return failure;
        } catch (BerthException mismatch) {
            return mismatch;
        } catch (IOException e) {
            return failure;
        }
    }

    /** The blob's bytes, resumed across broken connections and checked against its digest at their end. */
    private InputStream verified(Scope scope, RemoteRef ref, OciDescriptor blob, LongConsumer progress) {
        Digest digest = blob.contentDigest();
        String what = "blob " + digest + " of " + ref;
        ResumingBlobStream raw = new ResumingBlobStream(offset -> registry.openBlob(scope, ref.repository(), digest, offset),
                blob.size(), what, progress);
        return new VerifyingInputStream(raw, digest, (expected, actual) -> BerthException.invalid("registry "
                + ref.registry() + " sent " + what + " whose content hashes to " + actual
                + "; nothing was stored (the registry's copy is corrupt, or something between rewrites data)"));
    }
}
