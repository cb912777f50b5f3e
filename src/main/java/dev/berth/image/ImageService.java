package dev.berth.image;

import dev.berth.common.Digest;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The image store: OCI content-addressed blobs, tags, import, load and save. Every write is atomic: a failed
 * import or load leaves the store and existing tags as they were.
 */
public interface ImageService {
    /** The images, without intermediate ones (untagged images a build step was committed on), as docker images. */
    List<Image> list();

    /**
     * Looks an image up by {@code name[:tag]}, {@code name@sha256:...} (a recorded digest reference), full id
     * ({@code sha256:...}), or an unambiguous id prefix.
     */
    Optional<Image> find(String nameOrId);

    /** Like {@link #find} but throws NOT_FOUND "No such image: X" as Docker words it. */
    Image resolve(String nameOrId);

    /** Points {@code target} at the image {@code source} names, moving the tag if it pointed elsewhere. */
    void tag(String source, ImageRef target);

    /**
     * Records that {@code ref} (a repository and a manifest digest in it) names the image {@code imageId}, as pull
     * and push do: the image's RepoDigests, by which {@link #find} and {@link #remove} then know it too.
     */
    void recordDigest(Digest imageId, RepoDigest ref);

    /**
     * Untags or deletes an image as {@code docker rmi} does. {@code containerByImage} maps the id of each image
     * in use to the id of one container using it (CONFLICT, naming that container, unless {@code force} only
     * untags). Returns Docker's report lines: "Untagged: x" / "Deleted: sha256:...".
     */
    List<RemovalLine> remove(String nameOrId, boolean force, Map<String, String> containerByImage);

    /** Makes a one-layer image from a root file system tar (plain or gzip), tagged {@code ref}. */
    Image importRootfs(InputStream tar, ImageRef ref, ImageConfig config);

    /**
     * Loads a Docker-archive or OCI-archive tar (as {@code docker save}, {@code podman save}, skopeo write). Each
     * image comes back named by the archive's tags only, as {@code docker load} reports them, not by tags it had before.
     */
    List<Image> load(InputStream archive);

    /** Writes the named images as one archive that docker, podman and skopeo load. */
    void save(List<String> namesOrIds, ArchiveFormat format, OutputStream out);

    /**
     * Records an image whose config blob and uncompressed layer blobs ({@code layers}, bottom first, each named by
     * its diff id) are already in the content store, and points {@code tags} at it. NOT_FOUND if a blob is missing,
     * INVALID_ARGUMENT if the config's diff ids are not {@code layers}.
     */
    Image add(Digest config, List<Digest> layers, List<ImageRef> tags);

    /** Deletes those of {@code blobs} that no image references: what a failed pull had stored already. */
    void discardUnreferenced(Collection<Digest> blobs);

    /** Deletes untagged images not in {@code inUse} (all unused when {@code all}), then unreferenced blobs. */
    PruneReport prune(boolean all, Set<String> inUse);

    /**
     * Stores a new untagged image: the parent's layers plus the commit's layer (checked like any layer, stored
     * once however many images share it), the new config and the parent's history plus the commit's step. On
     * failure nothing is stored.
     */
    Image commit(ImageCommit commit);

    /** The image's history entries, oldest first, as its config blob lists them. */
    List<HistoryEntry> history(Image image);

    /** The uncompressed size of each of the image's layers, bottom first (as {@link Image#diffIds}). */
    List<Long> layerSizes(Image image);

    /** The raw config JSON blob of an image, as stored. */
    byte[] configBlob(Image image);

    /** Archive formats {@link #save} writes. */
    enum ArchiveFormat { DOCKER, OCI }

    /** One line of {@code rmi} output: exactly one of the two is set. */
    record RemovalLine(Optional<String> untagged, Optional<String> deleted) {}

    /** What prune removed. */
    record PruneReport(List<String> deletedImages, long reclaimedBytes) {}
}
