package dev.berth.image.format;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import java.util.Map;

/** An OCI content descriptor (image-spec descriptor.md); the digest is validated, annotations never null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OciDescriptor(
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("digest") String digest,
        @JsonProperty("size") long size,
        @JsonProperty("annotations") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations,
        @JsonProperty("platform") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> platform) {

    public OciDescriptor {
        mediaType = mediaType == null ? "" : mediaType;
        Digest.parse(digest);
        if (size < 0) {
            throw BerthException.invalid("descriptor of " + digest + " has a negative size " + size);
        }
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        platform = platform == null ? Map.of() : Map.copyOf(platform);
    }

    public static OciDescriptor of(String mediaType, Digest digest, long size) {
        return new OciDescriptor(mediaType, digest.toString(), size, Map.of(), Map.of());
    }

    public OciDescriptor withAnnotations(Map<String, String> newAnnotations) {
        return new OciDescriptor(mediaType, digest, size, newAnnotations, platform);
    }

    public Digest contentDigest() {
        return Digest.parse(digest);
    }
}
