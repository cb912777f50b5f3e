package dev.berth.image.archive;

import dev.berth.common.BerthException;
import dev.berth.image.ContentIngester;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a docker-archive or OCI-archive (plain or gzip), telling them apart by content: {@code manifest.json}
 * means docker-archive (docker 25+ archives also hold an OCI layout, but only manifest.json carries RepoTags),
 * {@code index.json} alone means OCI layout.
 */
public final class ArchiveLoader {
    private ArchiveLoader() {}

    /**
     * Extracts {@code archive} under {@code tempParent}, stores each image's config and layers (verified) and
     * returns the images; their manifests and tags are the caller's to record. The temp files are always deleted.
     */
    public static List<LoadedImage> load(InputStream archive, Path tempParent, ContentIngester store) {
        try (ExtractedArchive extracted = ExtractedArchive.extract(archive, tempParent, "the image archive")) {
            if (extracted.exists("manifest.json")) {
                return DockerArchiveReader.read(extracted, store);
            }
            if (extracted.exists("index.json")) {
                return OciArchiveReader.read(extracted, store);
            }
            throw BerthException.invalid("the image archive has neither manifest.json (docker-archive) nor"
                    + " index.json (OCI layout); create it with docker save, podman save or skopeo copy");
        }
    }
}
