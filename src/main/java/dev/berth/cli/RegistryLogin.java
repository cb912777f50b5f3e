package dev.berth.cli;

import dev.berth.common.CredentialFiles;
import dev.berth.common.Json;
import dev.berth.common.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The credentials the CLI sends for an image's registry, as Docker's CLI does: looked up in Berth's credential file
 * (written by {@code berth login}), then in Docker's, and sent as {@code X-Registry-Auth}.
 */
final class RegistryLogin {
    private RegistryLogin() {}

    /** The registry part of a name as Docker splits it: a first component with '.', ':' or "localhost", else Docker Hub. */
    static String registryOf(String name) {
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        boolean isHost = first.contains(".") || first.contains(":") || first.equals("localhost");
        return isHost ? CredentialFiles.normalise(first) : "docker.io";
    }

    /** {@code X-Registry-Auth} for the registry of {@code name}; no header when no credentials are stored. */
    static Map<String, String> header(String name) {
        String registry = registryOf(name);
        return CredentialFiles.lookup(CredentialFiles.searchPath(), registry)
                .map(auth -> Map.of("X-Registry-Auth", encode(auth, registry)))
                .orElse(Map.of());
    }

    /** Docker's AuthConfig JSON in base64url. */
    static String encode(RegistryAuth auth, String registry) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("username", auth.username());
        config.put("password", auth.password());
        config.put("serveraddress", registry);
        if (!auth.identityToken().isEmpty()) {
            config.put("identitytoken", auth.identityToken());
        }
        return Base64.getUrlEncoder().encodeToString(Json.bytes(config));
    }

    static byte[] loginBody(RegistryAuth auth, String registry) {
        return Json.string(Map.of("username", auth.username(), "password", auth.password(), "serveraddress", registry))
                .getBytes(StandardCharsets.UTF_8);
    }
}
