package dev.berth.image;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;

/**
 * An image in a registry, normalised as Docker does: {@code busybox} is {@code docker.io/library/busybox:latest},
 * {@code localhost:5000/app} is registry {@code localhost:5000}, repository {@code app}. {@code reference} is a tag
 * or a {@code sha256:} digest (a digest wins when a name has both, as in Docker).
 */
public record RemoteRef(String registry, String repository, String reference) {
    /** Docker Hub's name in references; its API lives at {@link #DOCKER_HUB_API}. */
    public static final String DOCKER_HUB = "docker.io";
    public static final String DOCKER_HUB_API = "registry-1.docker.io";

    public RemoteRef {
        if (!Digest.isValid(reference)) {
            new ImageRef(registry + "/" + repository, reference); // validates host, path and tag by Docker's grammar
        }
    }

    /** Parses {@code [host[:port]/]path[:tag][@sha256:hex]}; a missing tag means {@code latest}. */
    public static RemoteRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw BerthException.invalid("invalid reference format: empty image name");
        }
        String name = text;
        String reference = "latest";
        int at = text.indexOf('@');
        if (at >= 0) {
            name = text.substring(0, at);
            reference = Digest.parse(text.substring(at + 1)).toString();
        }
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            reference = at >= 0 ? reference : name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        return ofName(name, reference);
    }

    /** {@code name} without tag or digest, and the tag or digest apart, as the Docker API's fromImage and tag. */
    public static RemoteRef ofName(String name, String reference) {
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        boolean hasHost = first.contains(".") || first.contains(":") || first.equals("localhost");
        String registry = hasHost ? first : DOCKER_HUB;
        String path = hasHost ? name.substring(slash + 1) : name;
        if (registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        return new RemoteRef(registry, path, reference);
    }

    public boolean byDigest() {
        return Digest.isValid(reference);
    }

    /** The same repository at another tag or digest. */
    public RemoteRef withReference(String newReference) {
        return new RemoteRef(registry, repository, newReference);
    }

    /** The local tag a pull by tag gives: {@code busybox:latest}, {@code localhost:5000/app:1}. */
    public ImageRef localTag() {
        if (byDigest()) {
            throw BerthException.invalid(this + " names a digest, not a tag");
        }
        return ImageRef.parse(name() + ":" + reference);
    }

    /** The repository in Docker's familiar form: {@code busybox}, {@code localhost:5000/app}. */
    public String familiarName() {
        String local = registry + "/" + repository;
        return ImageRef.parse(local + ":latest").repository();
    }

    /** {@code registry/repository}, fully qualified. */
    public String name() {
        return registry + "/" + repository;
    }

    @Override
    public String toString() {
        return name() + (byDigest() ? "@" : ":") + reference;
    }
}
