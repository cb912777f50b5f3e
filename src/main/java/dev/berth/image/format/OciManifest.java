package dev.berth.image.format;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import java.util.List;

/** An OCI image manifest (image-spec manifest.md), also read from Docker schema 2 manifests. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OciManifest(
        @JsonProperty("schemaVersion") int schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("config") OciDescriptor config,
        @JsonProperty("layers") List<OciDescriptor> layers) {

    public OciManifest {
        if (schemaVersion != 2) {
            throw BerthException.invalid("unsupported manifest schemaVersion " + schemaVersion + " (want 2)");
        }
        if (config == null) {
            throw BerthException.invalid("manifest has no config descriptor");
        }
        mediaType = mediaType == null ? MediaTypes.OCI_MANIFEST : mediaType;
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    public static OciManifest of(OciDescriptor config, List<OciDescriptor> layers) {
        return new OciManifest(2, MediaTypes.OCI_MANIFEST, config, layers);
    }

    public static OciManifest parse(byte[] json, String what) {
        return Json.parse(json, OciManifest.class, what);
    }
}
