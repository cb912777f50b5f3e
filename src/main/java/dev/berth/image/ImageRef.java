package dev.berth.image;

import dev.berth.common.BerthException;
import java.util.regex.Pattern;

/**
 * A name and tag in Docker's familiar form ({@code busybox:latest}, {@code localhost:5000/app:1.0}).
 * Parsing follows Docker's reference grammar: lowercase path components, an optional registry host with port,
 * a tag of at most 128 word characters; a missing tag means {@code latest}; {@code docker.io/library/} is dropped.
 */
public record ImageRef(String repository, String tag) {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern HOST = Pattern.compile("(?:[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    public ImageRef {
        validate(repository, tag);
    }

    public static ImageRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw BerthException.invalid("invalid reference format: empty image name");
        }
        if (text.contains("@")) {
            throw BerthException.invalid("invalid reference format: " + text + " (a digest names an image in a registry: berth pull NAME@DIGEST)");
        }
        int slash = text.lastIndexOf('/');
        int colon = text.lastIndexOf(':');
        String repo = text;
        String tag = "latest";
        if (colon > slash) {
            repo = text.substring(0, colon);
            tag = text.substring(colon + 1);
        }
        for (String prefix : new String[] {"docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/"}) {
            if (repo.startsWith(prefix)) {
                repo = repo.substring(prefix.length());
                break;
            }
        }
        return new ImageRef(repo, tag);
    }

    private static void validate(String repository, String tag) {
        if (repository == null || repository.isEmpty() || repository.length() > 255) {
            throw BerthException.invalid("invalid reference format: repository name must be 1 to 255 characters");
        }
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw BerthException.invalid("invalid reference format: bad tag '" + tag + "' in " + repository + ":" + tag);
        }
        String[] parts = repository.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            boolean isHost = i == 0 && startsWithHost(parts);
            if (isHost ? !HOST.matcher(parts[i]).matches() : !COMPONENT.matcher(parts[i]).matches()) {
                throw BerthException.invalid("invalid reference format: repository name '" + repository
                        + "' must be lowercase letters, digits and separators (. _ - /)");
            }
        }
    }

    private static boolean startsWithHost(String[] parts) {
        return parts.length > 1 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"));
    }

    /** The full name, {@code docker.io/library/busybox:latest}: dockerd lists an image's tags in this order. */
    public String qualified() {
        String[] parts = repository.split("/", -1);
        return (startsWithHost(parts) ? "" : parts.length > 1 ? "docker.io/" : "docker.io/library/") + this;
    }

    @Override
    public String toString() {
        return repository + ":" + tag;
    }
}
