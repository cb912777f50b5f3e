package dev.berth.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Registry credentials in Docker's {@code config.json} shape, {@code {"auths":{"host":{"auth":"base64(user:pass)"}}}}:
 * Berth's own file, which {@code berth login} writes, and Docker's, read so that existing Docker logins just work.
 * Keys are matched as Docker matches them: {@code https://index.docker.io/v1/} is Docker Hub, schemes and paths
 * are ignored. Credential helpers ({@code credsStore}) are not consulted.
 */
public final class CredentialFiles {
    private CredentialFiles() {}

    /** {@code $BERTH_CONFIG/config.json}, else {@code ~/.berth/config.json}. */
    public static Path berthFile() {
        return configDir("BERTH_CONFIG", ".berth").resolve("config.json");
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static Path dockerFile() {
        return configDir("DOCKER_CONFIG", ".docker").resolve("config.json");
    }

    /** Berth's file first, then Docker's. */
    public static List<Path> searchPath() {
        return List.of(berthFile(), dockerFile());
    }

    /** The first credentials stored for {@code registry} ({@code host[:port]}) in {@code files}, in order. */
    public static Optional<RegistryAuth> lookup(List<Path> files, String registry) {
        String wanted = normalise(registry);
        for (Path file : files) {
            var auths = read(file).path("auths").properties();
            for (var entry : auths) {
                if (normalise(entry.getKey()).equals(wanted)) {
                    return Optional.of(decode(entry.getValue(), file, entry.getKey()));
                }
            }
        }
        return Optional.empty();
    }

    /** Stores {@code auth} for {@code registry} in {@code file} (mode 0600), keeping everything else in it. */
    public static void store(Path file, String registry, RegistryAuth auth) {
        ObjectNode root = read(file);
        ObjectNode auths = root.has("auths") && root.get("auths").isObject() ? (ObjectNode) root.get("auths") : root.putObject("auths");
        removeKeysOf(auths, registry);
        ObjectNode entry = auths.putObject(key(registry));
        entry.put("auth", Base64.getEncoder().encodeToString((auth.username() + ":" + auth.password())
                .getBytes(StandardCharsets.UTF_8)));
        if (!auth.identityToken().isEmpty()) {
            entry.put("identitytoken", auth.identityToken());
        }
        write(file, root);
    }

    /** Removes the credentials for {@code registry}; false if {@code file} held none. */
    public static boolean erase(Path file, String registry) {
        ObjectNode root = read(file);
        if (!(root.get("auths") instanceof ObjectNode auths) || !removeKeysOf(auths, registry)) {
            return false;
        }
        write(file, root);
        return true;
    }

    /** Docker Hub's key is its old v1 index URL; every other registry is keyed by {@code host[:port]}. */
    private static String key(String registry) {
        return normalise(registry).equals("docker.io") ? "https://index.docker.io/v1/" : registry;
    }

    private static boolean removeKeysOf(ObjectNode auths, String registry) {
        String wanted = normalise(registry);
        List<String> keys = auths.properties().stream().map(java.util.Map.Entry::getKey)
                .filter(k -> normalise(k).equals(wanted)).toList();
        keys.forEach(auths::remove);
        return !keys.isEmpty();
    }

    /** The registry a credential key or server address names: {@code https://index.docker.io/v1/} is {@code docker.io}. */
    public static String normalise(String key) {
        String host = key.toLowerCase(Locale.ROOT).replaceFirst("^[a-z]+://", "");
        int slash = host.indexOf('/');
        host = slash < 0 ? host : host.substring(0, slash);
        return switch (host) {
            case "index.docker.io", "registry-1.docker.io" -> "docker.io";
            default -> host;
        };
    }

    private static RegistryAuth decode(JsonNode entry, Path file, String key) {
        String identityToken = entry.path("identitytoken").asText("");
        String encoded = entry.path("auth").asText("");
        if (encoded.isEmpty()) {
            return new RegistryAuth(entry.path("username").asText(""), entry.path("password").asText(""), identityToken);
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw BerthException.invalid("the credentials for " + key + " in " + file + " are not valid base64; log in again");
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            throw BerthException.invalid("the credentials for " + key + " in " + file + " are not user:password; log in again");
        }
        return new RegistryAuth(pair.substring(0, colon), pair.substring(colon + 1), identityToken);
    }

    private static ObjectNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Json.object();
        }
        try {
            JsonNode root = Json.tree(Files.readAllBytes(file), file.toString());
            if (!(root instanceof ObjectNode object)) {
                throw BerthException.invalid(file + " is not a JSON object; fix or remove it");
            }
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, ObjectNode root) {
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, Json.bytes(root));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Path configDir(String variable, String homeDir) {
        String dir = System.getenv(variable);
        return dir != null && !dir.isEmpty() ? Path.of(dir) : Path.of(System.getProperty("user.home"), homeDir);
    }
}
