package dev.berth.image.registry;

import dev.berth.common.RegistryAuth;
import java.util.List;

/**
 * Who asks a registry for what: the credentials and the token scopes of the Docker token auth spec
 * ({@code repository:library/busybox:pull}). A login check asks for no scope.
 */
record Scope(String registry, RegistryAuth auth, List<String> scopes) {
    Scope {
        scopes = List.copyOf(scopes);
    }

    static Scope pull(String registry, String repository, RegistryAuth auth) {
        return new Scope(registry, auth, List.of("repository:" + repository + ":pull"));
    }

    /** Push to {@code repository}, and read {@code mountFrom} for cross-repository mounts. */
    static Scope push(String registry, String repository, List<String> mountFrom, RegistryAuth auth) {
        List<String> all = new java.util.ArrayList<>(List.of("repository:" + repository + ":pull,push"));
        mountFrom.stream().filter(r -> !r.equals(repository)).distinct().forEach(r -> all.add("repository:" + r + ":pull"));
        return new Scope(registry, auth, all);
    }

    static Scope login(String registry, RegistryAuth auth) {
        return new Scope(registry, auth, List.of());
    }
}
