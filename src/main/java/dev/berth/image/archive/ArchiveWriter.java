package dev.berth.image.archive;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.Json;
import dev.berth.image.ContentProvider;
import dev.berth.image.ImageRef;
import dev.berth.image.ImageService.ArchiveFormat;
import dev.berth.image.format.MediaTypes;
import dev.berth.image.format.OciDescriptor;
import dev.berth.image.format.OciIndex;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes images as an OCI image layout in a tar. {@link ArchiveFormat#DOCKER} adds {@code manifest.json} with
 * Config/RepoTags/Layers pointing into {@code blobs/}, the layout docker 25+ saves and every docker, podman and
 * skopeo loads; {@link ArchiveFormat#OCI} is the plain layout that {@code oci-archive:} readers expect.
 */
public final class ArchiveWriter {
    private ArchiveWriter() {}

    /** Writes the archive to {@code out}, which is flushed but not closed. Blobs are verified as they are copied. */
    public static void write(List<SavedImage> images, ArchiveFormat format, ContentProvider store, OutputStream out) {
        try {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            directory(tar, "blobs/");
            directory(tar, "blobs/sha256/");
            Set<Digest> blobs = new LinkedHashSet<>();
            for (SavedImage image : images) {
                blobs.add(image.config());
                blobs.add(image.manifest());
                blobs.addAll(image.layers());
            }
            for (Digest blob : blobs) {
                try (InputStream in = store.open(blob)) {
                    file(tar, "blobs/sha256/" + blob.hex(), store.size(blob), in);
                }
            }
            small(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            small(tar, "index.json", Json.bytes(index(images, format, store)));
            if (format == ArchiveFormat.DOCKER) {
                small(tar, "manifest.json", Json.bytes(images.stream().map(ArchiveWriter::dockerEntry).toList()));
            }
            tar.finish();
            out.flush();
        } catch (IOException e) {
            throw BerthException.internal("cannot write the image archive: " + e.getMessage(), e);
        }
    }

    private static OciIndex index(List<SavedImage> images, ArchiveFormat format, ContentProvider store) {
        List<OciDescriptor> manifests = new ArrayList<>();
        for (SavedImage image : images) {
            OciDescriptor manifest = OciDescriptor.of(MediaTypes.OCI_MANIFEST, image.manifest(), store.size(image.manifest()));
            if (image.tags().isEmpty()) {
                manifests.add(manifest);
            }
            for (ImageRef tag : image.tags()) {
                // docker 25+ names images with containerd's annotation and a bare tag; podman and skopeo
                // put the full name in ref.name
                manifests.add(manifest.withAnnotations(switch (format) {
                    case DOCKER -> Map.of(OciIndex.CONTAINERD_NAME, fullName(tag), OciIndex.REF_NAME, tag.tag());
                    case OCI -> Map.of(OciIndex.REF_NAME, fullName(tag));
                }));
            }
        }
        return OciIndex.of(manifests);
    }

    private static DockerArchiveEntry dockerEntry(SavedImage image) {
        return new DockerArchiveEntry("blobs/sha256/" + image.config().hex(),
                image.tags().stream().map(ImageRef::toString).toList(),
                image.layers().stream().map(l -> "blobs/sha256/" + l.hex()).toList());
    }

    /** The fully qualified name, as docker.io/library/busybox:latest, that tools outside Docker's CLI expect. */
    static String fullName(ImageRef ref) {
        String first = ref.repository().split("/")[0];
        boolean hasHost = ref.repository().contains("/")
                && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (hasHost) {
            return ref.toString();
        }
        return (ref.repository().contains("/") ? "docker.io/" : "docker.io/library/") + ref;
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040755);
        entry.setModTime(Instant.EPOCH.toEpochMilli());
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void small(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        file(tar, name, data.length, new ByteArrayInputStream(data));
    }

    private static void file(TarArchiveOutputStream tar, String name, long size, InputStream in) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0100644);
        entry.setSize(size);
        entry.setModTime(Instant.EPOCH.toEpochMilli());
        tar.putArchiveEntry(entry);
        in.transferTo(tar);
        tar.closeArchiveEntry();
    }
}
