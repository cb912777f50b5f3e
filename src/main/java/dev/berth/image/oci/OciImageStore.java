package dev.berth.image.oci;

import dev.berth.common.BerthException;
import dev.berth.common.Database;
import dev.berth.common.Digest;
import dev.berth.common.Ids;
import dev.berth.common.Json;
import dev.berth.image.ContentStore;
import dev.berth.image.HistoryEntry;
import dev.berth.image.Image;
import dev.berth.image.ImageCommit;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageRef;
import dev.berth.image.ImageService;
import dev.berth.image.LayerSource;
import dev.berth.image.RepoDigest;
import dev.berth.image.archive.ArchiveLoader;
import dev.berth.image.archive.ArchiveWriter;
import dev.berth.image.archive.LoadedImage;
import dev.berth.image.archive.SavedImage;
import dev.berth.image.format.ImageConfigBlob;
import dev.berth.image.format.LayerIngest;
import dev.berth.image.format.LayerIngest.StoredLayer;
import dev.berth.image.format.MediaTypes;
import dev.berth.image.format.OciDescriptor;
import dev.berth.image.format.OciManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The image store: blobs in an OCI image layout at {@code root}, image records and tags in the metadata
 * database. Layers are stored uncompressed, so a layer's blob digest is its diff id and snapshotters can read
 * it directly ({@link LayerSource}). The image id is the config digest, as Docker's.
 *
 * <p>Writers (import, load, tag, remove, prune) run one at a time; a failed import or load deletes the blobs it
 * added, and image records and tags are committed in one transaction at the end.
 */
public final class OciImageStore implements ImageService, LayerSource {
    private static final System.Logger LOG = System.getLogger(OciImageStore.class.getName());
    private static final Pattern HEX_PREFIX = Pattern.compile("(?:sha256:)?([0-9a-f]{1,64})");

    private final OciLayoutStore content;
    private final Database db;
    private final ImageTable table;
    private final ReentrantLock writeLock = new ReentrantLock();

    private OciImageStore(OciLayoutStore content, Database db) {
        this.content = content;
        this.db = db;
        this.table = new ImageTable(db);
    }

    /** Opens the store with its blobs under {@code root} (e.g. {@code <data-root>/images}) and tables in {@code db}. */
    public static OciImageStore open(Path root, Database db) {
        return new OciImageStore(OciLayoutStore.open(root), db);
    }

    /** Every image but intermediate ones: untagged images a later build step was committed on, as docker images hides them. */
    @Override
    public List<Image> list() {
        Set<Digest> parents = table.parents();
        return table.all().stream().filter(i -> i.isReferenced() || !parents.contains(i.id())).toList();
    }

    @Override
    public Optional<Image> find(String nameOrId) {
        String text = nameOrId.trim();
        if (RepoDigest.isDigestReference(text)) {
            return parseDigestRef(text).flatMap(table::byDigest);
        }
        if (Digest.isValid(text)) {
            return table.byId(Digest.parse(text));
        }
        var hex = HEX_PREFIX.matcher(text);
        boolean hexLike = hex.matches();
        if (hexLike && hex.group(1).length() == 64) {
            return table.byId(new Digest("sha256", hex.group(1)));
        }
        Optional<Image> tagged = parseRef(text).flatMap(ref -> table.byTag(ref.toString()));
        if (tagged.isPresent() || !hexLike) {
            return tagged;
        }
        List<Digest> matches = table.idsWithPrefix(hex.group(1));
        return matches.size() == 1 ? table.byId(matches.getFirst()) : Optional.empty();
    }

    @Override
    public Image resolve(String nameOrId) {
        return find(nameOrId).orElseThrow(() -> BerthException.notFound("No such image: " + familiar(nameOrId.trim())));
    }

    @Override
    public void tag(String source, ImageRef target) {
        writing(() -> {
            table.tag(target.toString(), resolve(source).id());
            return null;
        });
    }

    /**
     * As dockerd's rmi: a tag or digest reference is removed (the image goes with its last reference, unless a
     * container uses it); an id deletes the image with all its references.
     */
    @Override
    public List<RemovalLine> remove(String nameOrId, boolean force, Map<String, String> containerByImage) {
        return writing(() -> {
            Image image = resolve(nameOrId);
            Optional<String> container = containerUsing(image, containerByImage);
            Optional<String> ref = referenceOf(image, nameOrId.trim());
            List<RemovalLine> lines = new ArrayList<>();
            if (ref.isPresent()) {
                if (singleRepository(image) && container.isPresent() && !force) {
                    throw BerthException.conflict("conflict: unable to remove repository reference \"" + nameOrId
                            + "\" (must force) - " + usedBy(container.get()) + " is using its referenced image "
                            + image.id().shortHex());
                }
                lines.addAll(removeReference(image, ref.get()));
                if (table.byId(image.id()).orElseThrow().isReferenced() || container.isPresent()) {
                    return lines;
                }
            } else {
                if (container.isPresent()) {
                    throw BerthException.conflict("conflict: unable to delete " + image.id().shortHex()
                            + " (cannot be forced) - image is being used by " + usedBy(container.get()));
                }
                if (image.isReferenced() && !singleRepository(image) && !force) {
                    throw BerthException.conflict("conflict: unable to delete " + image.id().shortHex()
                            + " (must be forced) - image is referenced in multiple repositories");
                }
                image.repoTags().forEach(tag -> lines.add(untagged(tag)));
                image.repoDigests().forEach(digest -> lines.add(untagged(digest)));
            }
            Optional<Digest> parent = table.parentOf(image.id());
            table.delete(image.id());
            lines.add(new RemovalLine(Optional.empty(), Optional.of(image.id().toString())));
            deleteUnusedParents(parent, i -> containerUsing(i, containerByImage).isPresent(), lines);
            collectGarbage();
            return lines;
        });
    }

    /** The tag or digest reference {@code text} names, when it is one of the image's (rather than its id). */
    private static Optional<String> referenceOf(Image image, String text) {
        if (RepoDigest.isDigestReference(text)) {
            return parseDigestRef(text).map(RepoDigest::toString).filter(image.repoDigests()::contains);
        }
        return parseRef(text).map(ImageRef::toString).filter(image.repoTags()::contains);
    }

    /**
     * Removes one reference of the image. When a tag goes and no other tag of its repository is left, the
     * repository's digest references go with it, as in dockerd (they would otherwise keep an untagged image).
     */
    private List<RemovalLine> removeReference(Image image, String ref) {
        List<RemovalLine> lines = new ArrayList<>(List.of(untagged(ref)));
        if (RepoDigest.isDigestReference(ref)) {
            table.removeDigest(ref);
            return lines;
        }
        table.untag(ref);
        String repository = ImageRef.parse(ref).repository();
        boolean tagLeft = image.repoTags().stream().anyMatch(t -> !t.equals(ref) && ImageRef.parse(t).repository().equals(repository));
        if (!tagLeft) {
            for (String digest : image.repoDigests()) {
                if (RepoDigest.parse(digest).repository().equals(repository)) {
                    table.removeDigest(digest);
                    lines.add(untagged(digest));
                }
            }
        }
        return lines;
    }

    /** dockerd's isSingleReference: the image's references are all of one repository, at most one of them a tag. */
    private static boolean singleRepository(Image image) {
        Set<String> repositories = new HashSet<>();
        image.repoTags().forEach(t -> repositories.add(ImageRef.parse(t).repository()));
        image.repoDigests().forEach(d -> repositories.add(RepoDigest.parse(d).repository()));
        return repositories.size() == 1 && image.repoTags().size() <= 1;
    }

    @Override
    public void recordDigest(Digest imageId, RepoDigest ref) {
        writing(() -> {
            table.byId(imageId).orElseThrow(() -> BerthException.notFound("No such image: " + imageId
                    + " (it was removed before " + ref + " could be recorded for it)"));
            table.addDigest(ref, imageId);
            return null;
        });
    }

    @Override
    public Image importRootfs(InputStream tar, ImageRef ref, ImageConfig config) {
        return writing(() -> {
            StoredLayer layer = LayerIngest.ingest(tar, content, Optional.empty(), "the imported root file system");
            byte[] configBlob = new ImageConfigBlob(Instant.now(), ImageConfigBlob.hostArchitecture(), "linux",
                    config, List.of(layer.diffId())).toJson("berth import");
            Digest id = content.write(configBlob, "image config of " + ref);
            return db.inTransaction(() -> record(id, List.of(layer), List.of(ref)));
        });
    }

    @Override
    public List<Image> load(InputStream archive) {
        return writing(() -> {
            List<LoadedImage> loaded = ArchiveLoader.load(archive, content.ingestDirectory(), content);
            return db.inTransaction(() -> loaded.stream().map(l -> record(l.config(), l.layers(), l.tags())
                    .withRepoTags(l.tags().stream().map(ImageRef::toString).toList())).toList());
        });
    }

    @Override
    public Image add(Digest config, List<Digest> layers, List<ImageRef> tags) {
        return writing(() -> {
            for (Digest blob : concat(config, layers)) {
                if (!content.contains(blob)) {
                    throw BerthException.notFound("blob " + blob + " of image " + config
                            + " is not in the content store (removed while the image was being added); pull it again");
                }
            }
            List<StoredLayer> stored = layers.stream().map(l -> new StoredLayer(l, content.size(l))).toList();
            return db.inTransaction(() -> record(config, stored, tags));
        });
    }

    @Override
    public void discardUnreferenced(Collection<Digest> blobs) {
        writing(() -> {
            Set<Digest> referenced = referencedBlobs();
            blobs.stream().filter(b -> !referenced.contains(b)).forEach(content::delete);
            return null;
        });
    }

    /** The blob store under this image store, for clients that stream blobs in and out (registries). */
    public ContentStore content() {
        return content;
    }

    @Override
    public void save(List<String> namesOrIds, ArchiveFormat format, OutputStream out) {
        Map<Digest, SavedImage> images = new LinkedHashMap<>();
        for (String name : namesOrIds) {
            Image image = resolve(name);
            // docker save names only the tag it was asked for; saving by id writes no tag
            List<ImageRef> tags = new ArrayList<>(parseRef(name)
                    .filter(r -> image.repoTags().contains(r.toString())).stream().toList());
            SavedImage earlier = images.get(image.id());
            if (earlier != null) {
                earlier.tags().stream().filter(t -> !tags.contains(t)).forEach(tags::add);
            }
            images.put(image.id(), new SavedImage(image.id(), image.manifest(), manifest(image.manifest()).layers()
                    .stream().map(OciDescriptor::contentDigest).toList(), tags));
        }
        ArchiveWriter.write(List.copyOf(images.values()), format, content, out);
    }

    @Override
    public PruneReport prune(boolean all, Set<String> inUse) {
        return writing(() -> {
            Set<Digest> used = new HashSet<>();
            inUse.forEach(id -> find(id).ifPresent(image -> used.add(image.id())));
            List<String> deleted = new ArrayList<>();
            Set<Digest> parents = table.parents();
            for (Image image : table.all()) {
                // dangling, as Docker means it: untagged and no image built on it (so the build cache stays)
                boolean dangling = !image.isReferenced() && !parents.contains(image.id());
                if ((all || dangling) && !used.contains(image.id()) && table.byId(image.id()).isPresent()) {
                    Optional<Digest> parent = table.parentOf(image.id());
                    table.delete(image.id());
                    deleted.add(image.id().toString());
                    List<RemovalLine> lines = new ArrayList<>();
                    deleteUnusedParents(parent, i -> used.contains(i.id()), lines);
                    lines.forEach(l -> l.deleted().ifPresent(deleted::add));
                }
            }
            return new PruneReport(deleted, collectGarbage());
        });
    }

    @Override
    public Image commit(ImageCommit commit) {
        return writing(() -> {
            Optional<Image> parent = commit.parent();
            List<StoredLayer> layers = new ArrayList<>(parent.map(this::storedLayers).orElse(List.of()));
            List<HistoryEntry> history = new ArrayList<>(parent.map(this::history).orElse(List.of()));
            String step = commit.step().createdBy();
            if (commit.layer().isPresent()) {
                try (InputStream in = Files.newInputStream(commit.layer().get())) {
                    layers.add(LayerIngest.ingest(in, content, Optional.empty(), "the layer of '" + step + "'"));
                } catch (IOException e) {
                    throw BerthException.internal("cannot read the layer of '" + step + "': " + e.getMessage(), e);
                }
            }
            history.add(commit.step());
            byte[] configBlob = new ImageConfigBlob(commit.step().created(),
                    parent.map(Image::architecture).orElseGet(ImageConfigBlob::hostArchitecture),
                    parent.map(Image::os).orElse("linux"), commit.config(),
                    layers.stream().map(StoredLayer::diffId).toList()).toJson(history);
            Digest id = content.write(configBlob, "image config of '" + step + "'");
            return db.inTransaction(() -> {
                Image image = record(id, layers, List.of());
                parent.ifPresent(p -> table.setParent(id, p.id()));
                return image;
            });
        });
    }

    /**
     * After an image is deleted, its build-step parents go too while they are untagged, unused and parents of
     * nothing else (docker rmi without --no-prune), so a deleted build frees its layers.
     */
    private void deleteUnusedParents(Optional<Digest> first, Predicate<Image> inUse, List<RemovalLine> lines) {
        for (Optional<Digest> parent = first; parent.isPresent(); ) {
            Optional<Image> image = table.byId(parent.get());
            if (image.isEmpty() || image.get().isReferenced() || table.parents().contains(parent.get())
                    || inUse.test(image.get())) {
                return;
            }
            Optional<Digest> next = table.parentOf(parent.get());
            table.delete(parent.get()); // its own parent link goes with it (ON DELETE CASCADE)
            lines.add(new RemovalLine(Optional.empty(), Optional.of(parent.get().toString())));
            parent = next;
        }
    }

    @Override
    public List<HistoryEntry> history(Image image) {
        return ImageConfigBlob.history(content.read(image.id()), "image config " + image.id());
    }

    @Override
    public List<Long> layerSizes(Image image) {
        return storedLayers(image).stream().map(StoredLayer::size).toList();
    }

    @Override
    public byte[] configBlob(Image image) {
        return content.read(image.id());
    }

    @Override
    public InputStream openLayer(Digest diffId) {
        return content.open(diffId);
    }

    /** Writes the manifest of an image whose config and layers are stored, and records it with its tags. */
    private Image record(Digest configDigest, List<StoredLayer> layers, List<ImageRef> tags) {
        byte[] configBytes = content.read(configDigest);
        ImageConfigBlob config = ImageConfigBlob.parse(configBytes, "image config " + configDigest);
        List<Digest> diffIds = layers.stream().map(StoredLayer::diffId).toList();
        if (!config.diffIds().equals(diffIds)) {
            throw BerthException.invalid("image config " + configDigest + " lists diff_ids " + config.diffIds()
                    + " but its layers are " + diffIds);
        }
        OciManifest manifest = OciManifest.of(OciDescriptor.of(MediaTypes.OCI_CONFIG, configDigest, configBytes.length),
                layers.stream().map(l -> OciDescriptor.of(MediaTypes.OCI_LAYER, l.diffId(), l.size())).toList());
        Digest manifestDigest = content.write(Json.bytes(manifest), "manifest of image " + configDigest);
        long size = layers.stream().mapToLong(StoredLayer::size).sum();
        table.insertIfAbsent(new Image(configDigest, manifestDigest, List.of(), List.of(), config.config(), diffIds,
                config.created(), size, config.architecture(), config.os()));
        tags.forEach(tag -> table.tag(tag.toString(), configDigest));
        return table.byId(configDigest).orElseThrow();
    }

    /** Deletes every blob no image references; returns the bytes freed. */
    private long collectGarbage() {
        Set<Digest> referenced;
        try {
            referenced = referencedBlobs();
        } catch (BerthException e) {
            // without every manifest we cannot know what is garbage; deleting nothing is the safe choice
            LOG.log(System.Logger.Level.WARNING, "skipping blob garbage collection: " + e.getMessage());
            return 0;
        }
        long freed = 0;
        for (Digest blob : content.digests()) {
            if (!referenced.contains(blob)) {
                freed += content.delete(blob);
            }
        }
        return freed;
    }

    /** Every blob a recorded image needs: configs, manifests, layers. */
    private Set<Digest> referencedBlobs() {
        Set<Digest> referenced = new HashSet<>();
        for (Image image : table.all()) {
            referenced.add(image.id());
            referenced.add(image.manifest());
            manifest(image.manifest()).layers().forEach(l -> referenced.add(l.contentDigest()));
        }
        return referenced;
    }

    private static List<Digest> concat(Digest first, List<Digest> rest) {
        List<Digest> all = new ArrayList<>(rest);
        all.addFirst(first);
        return all;
    }

    private List<StoredLayer> storedLayers(Image image) {
        return manifest(image.manifest()).layers().stream().map(l -> new StoredLayer(l.contentDigest(), l.size())).toList();
    }

    private OciManifest manifest(Digest digest) {
        return OciManifest.parse(content.read(digest), "manifest " + digest);
    }

    /** Runs a write alone; if it fails, the blobs it added are deleted again, so nothing is stored half. */
    private <T> T writing(Supplier<T> work) {
        writeLock.lock();
        try {
            Set<Digest> before = content.digests();
            try {
                return work.get();
            } catch (RuntimeException e) {
                content.digests().stream().filter(d -> !before.contains(d)).forEach(content::delete);
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    private Optional<String> containerUsing(Image image, Map<String, String> containerByImage) {
        for (var use : containerByImage.entrySet()) {
            String id = use.getKey().startsWith("sha256:") ? use.getKey() : "sha256:" + use.getKey();
            if (id.equals(image.id().toString())) {
                return Optional.of(use.getValue());
            }
        }
        return Optional.empty();
    }

    private static String usedBy(String containerId) {
        return containerId.isEmpty() ? "a container" : "container " + Ids.shortId(containerId);
    }

    private static RemovalLine untagged(String tag) {
        return new RemovalLine(Optional.of(tag), Optional.empty());
    }

    /** A name as dockerd's errors show it, with its tag ({@code busybox:latest}); an image id as it was given. */
    private static String familiar(String text) {
        return Digest.isValid(text) || text.matches("[0-9a-f]{64}") ? text : parseRef(text).map(ImageRef::toString).orElse(text);
    }

    private static Optional<ImageRef> parseRef(String text) {
        try {
            return Optional.of(ImageRef.parse(text));
        } catch (BerthException e) {
            return Optional.empty();
        }
    }

    private static Optional<RepoDigest> parseDigestRef(String text) {
        try {
            return Optional.of(RepoDigest.parse(text));
        } catch (BerthException e) {
            return Optional.empty();
        }
    }
}
