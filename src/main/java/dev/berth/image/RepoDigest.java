package dev.berth.image;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;

/**
 * A repository and the digest of a manifest in it, in Docker's familiar form ({@code busybox@sha256:...},
 * {@code localhost:5000/app@sha256:...}): an entry of an image's RepoDigests, recorded by pull and push.
 */
public record RepoDigest(String repository, Digest digest) {
    public RepoDigest {
        new ImageRef(repository, "latest"); // checks the repository by Docker's grammar
    }

    /** Whether {@code text} names an image by digest ({@code NAME@sha256:...}) rather than by tag or id. */
    public static boolean isDigestReference(String text) {
        return text.contains("@");
    }

    /**
     * Parses {@code NAME[:TAG]@sha256:HEX}; a tag beside the digest is dropped (the digest alone names the image),
     * and so are {@code docker.io/library/} and {@code docker.io/}, as in {@link ImageRef#parse}.
     */
    public static RepoDigest parse(String text) {
        int at = text.indexOf('@');
        if (at <= 0) {
            throw BerthException.invalid("invalid reference format: " + text + " (want NAME@sha256:<64 hex digits>)");
        }
        return new RepoDigest(ImageRef.parse(text.substring(0, at)).repository(), Digest.parse(text.substring(at + 1)));
    }

    @Override
    public String toString() {
        return repository + "@" + digest;
    }
}
