package dev.berth.image.registry;

import dev.berth.common.Digest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which repository of a registry is known to hold a blob, learnt from this daemon's pulls and pushes: a push to
 * another repository of the same registry can then mount the blob instead of uploading it again.
 */
final class BlobSources {
    private final Map<String, String> repositoryByBlob = new ConcurrentHashMap<>();

    void remember(String registry, Digest blob, String repository) {
        repositoryByBlob.put(registry + " " + blob, repository);
    }

    Optional<String> repositoryOf(String registry, Digest blob) {
        return Optional.ofNullable(repositoryByBlob.get(registry + " " + blob));
    }
}
