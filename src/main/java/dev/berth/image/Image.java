package dev.berth.image;

import dev.berth.common.Digest;
import java.time.Instant;
import java.util.List;

/**
 * An image in the store.
 *
 * @param id        the digest of its config blob, Docker's image id
 * @param manifest  the digest of its OCI manifest blob
 * @param repoTags  the tags pointing at it, familiar form, sorted by full name as dockerd sorts them
 * @param repoDigests {@code repository@digest} of the manifests it was pulled or pushed as ({@link RepoDigest}), sorted
 * @param config    what runs: entrypoint, cmd, env, user, workdir
 * @param diffIds   uncompressed layer digests, bottom first (rootfs.diff_ids)
 * @param created   the config's creation time
 * @param size      bytes of its unpacked layers
 */
public record Image(Digest id, Digest manifest, List<String> repoTags, List<String> repoDigests, ImageConfig config,
                    List<Digest> diffIds, Instant created, long size, String architecture, String os) {
    public Image {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
        diffIds = List.copyOf(diffIds);
    }

    /** This image named by {@code tags} only, e.g. those an archive gave it. */
    public Image withRepoTags(List<String> tags) {
        return new Image(id, manifest, tags, List.of(), config, diffIds, created, size, architecture, os);
    }

    /** Whether any tag or digest reference names it; images nothing names are dangling, as Docker means it. */
    public boolean isReferenced() {
        return !repoTags.isEmpty() || !repoDigests.isEmpty();
    }
}
