package dev.berth.image.format;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import java.util.List;

/** An OCI image index (image-spec image-index.md): {@code index.json} of a layout, or a multi-platform list. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OciIndex(
        @JsonProperty("schemaVersion") int schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("manifests") List<OciDescriptor> manifests) {

    /** The annotation OCI layouts name an image by; podman and skopeo write a full name, docker a bare tag. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** The annotation docker 25+ and containerd write with the full image name. */
    public static final String CONTAINERD_NAME = "io.containerd.image.name";

    public OciIndex {
        if (schemaVersion != 2) {
            throw BerthException.invalid("unsupported image index schemaVersion " + schemaVersion + " (want 2)");
        }
        mediaType = mediaType == null ? MediaTypes.OCI_INDEX : mediaType;
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
    }

    public static OciIndex of(List<OciDescriptor> manifests) {
        return new OciIndex(2, MediaTypes.OCI_INDEX, manifests);
    }

    public static OciIndex parse(byte[] json, String what) {
        return Json.parse(json, OciIndex.class, what);
    }
}
