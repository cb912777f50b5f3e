package dev.berth.image.registry;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.RegistryAuth;
import dev.berth.image.Image;
import dev.berth.image.ImageRef;
import dev.berth.image.RegistryService.PushResult;
import dev.berth.image.RemoteRef;
import dev.berth.image.RepoDigest;
import dev.berth.image.TransferListener;
import dev.berth.image.TransferListener.Step;
import dev.berth.image.format.OciDescriptor;
import dev.berth.image.format.OciManifest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * One push: for each blob a HEAD skips what the repository has, a cross-repository mount reuses what another
 * repository of the registry has, and the rest is uploaded whole (monolithic upload); then the manifest is put
 * under the tag. Layers go as Berth stores them, uncompressed OCI layers, so the pushed manifest is the stored one
 * and its digest is the image's manifest digest.
 */
final class ImagePusher {
    /** Docker's default max-concurrent-uploads. */
    private static final int PARALLEL_UPLOADS = 5;

    private final DistributionClient registry;
    private final LocalStore local;

    ImagePusher(DistributionClient registry, LocalStore local) {
        this.registry = registry;
        this.local = local;
    }

    PushResult push(String localName, RemoteRef target, RegistryAuth auth, TransferListener listener) {
        if (target.byDigest()) {
            throw BerthException.invalid("cannot push to a digest (" + target + "); name a tag");
        }
        Image image = local.images().find(localName).orElseThrow(() -> notStored(localName));
        byte[] manifestBytes = local.content().read(image.manifest());
        OciManifest manifest = OciManifest.parse(manifestBytes, "manifest of " + localName);
        List<String> mountable = new ArrayList<>();
        for (OciDescriptor blob : blobs(manifest)) {
            local.sources().repositoryOf(target.registry(), blob.contentDigest()).ifPresent(mountable::add);
        }
        Scope scope = Scope.push(target.registry(), target.repository(), mountable, auth);
        listener.started(target);
        List<Runnable> uploads = new ArrayList<>();
        for (OciDescriptor layer : manifest.layers()) {
            listener.layer(layer.contentDigest().shortHex(), Step.PREPARING, 0, 0);
            uploads.add(() -> pushBlob(scope, target, layer, listener));
        }
        Parallel.run(uploads, PARALLEL_UPLOADS);
        pushBlob(scope, target, manifest.config(), TransferListener.silent());
        registry.putManifest(scope, target.repository(), target.reference(), manifestBytes, manifest.mediaType());
        local.images().recordDigest(image.id(), new RepoDigest(target.familiarName(), image.manifest()));
        return new PushResult(image.manifest(), manifestBytes.length);
    }

    /** dockerd's words for a push of what is not stored: no tag of the repository at all, or not this tag. */
    private BerthException notStored(String localName) {
        String repository = ImageRef.parse(localName).repository();
        boolean repositoryStored = local.images().list().stream().flatMap(i -> i.repoTags().stream())
                .anyMatch(tag -> ImageRef.parse(tag).repository().equals(repository));
        return BerthException.notFound(repositoryStored ? "tag does not exist: " + ImageRef.parse(localName)
                : "An image does not exist locally with the tag: " + repository);
    }

    private static List<OciDescriptor> blobs(OciManifest manifest) {
        List<OciDescriptor> all = new ArrayList<>(manifest.layers());
        all.add(manifest.config());
        return all;
    }

    private void pushBlob(Scope scope, RemoteRef target, OciDescriptor blob, TransferListener listener) {
        Digest digest = blob.contentDigest();
        String id = digest.shortHex();
        if (registry.hasBlob(scope, target.repository(), digest)) {
            listener.layer(id, Step.LAYER_EXISTS, 0, 0);
            return;
        }
        Optional<String> from = local.sources().repositoryOf(target.registry(), digest).filter(r -> !r.equals(target.repository()));
        Optional<String> location = registry.startUpload(scope, target.repository(), digest, from);
        if (location.isEmpty()) {
            listener.layer(id, Step.MOUNTED, 0, 0);
        } else {
            long size = local.content().size(digest);
            registry.putBlob(scope, location.get(), digest, body(digest, size, new LayerProgress(listener, id, Step.PUSHING, size)));
            listener.layer(id, Step.PUSHED, 0, 0);
        }
        local.sources().remember(target.registry(), digest, target.repository());
    }

    /** The blob from the content store with its length, counting bytes as the HTTP client reads them. */
    private BodyPublisher body(Digest digest, long size, LongConsumer progress) {
        return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> new FilterInputStream(local.content().open(digest)) {
            private long position;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    position += n;
                    progress.accept(position);
                }
                return n;
            }
        }), size);
    }
}
