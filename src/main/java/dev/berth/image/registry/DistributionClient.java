package dev.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.Json;
import dev.berth.image.format.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The endpoints of the OCI Distribution spec that Berth uses (manifests, blobs, uploads, tags), each turning a
 * registry's error answer into a {@link BerthException} that names the registry, the object and the spec's error
 * code.
 */
final class DistributionClient {
    /** Manifests larger than this are refused, as containerd refuses them: a manifest is JSON of a few KiB. */
    static final int MAX_MANIFEST_BYTES = 4 << 20;
    /** An upload's answer comes after the whole blob went up, which takes long on a slow link. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofHours(1);
    private static final String ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);

    private final RegistryHttp http;

    DistributionClient(RegistryHttp http) {
        this.http = http;
    }

    /** A manifest or index as the registry sent it, with its media type and the digest of its bytes. */
    record Manifest(byte[] bytes, String mediaType, Digest digest) {}

    /** GET a manifest by tag or digest; a digest reference is verified against the bytes. */
    Manifest manifest(Scope scope, String repository, String reference) {
        String what = "manifest " + repository + (Digest.isValid(reference) ? "@" : ":") + reference;
        HttpResponse<InputStream> answer = http.get(scope, "/v2/" + repository + "/manifests/" + reference,
                Map.of("Accept", ACCEPT));
        if (answer.statusCode() == 404) {
            // dockerd's words, which clients and scripts match on.
            String message = errorDetail(answer.body()).replaceFirst("^: [A-Z_]+: ", "");
            throw BerthException.notFound("manifest for %s/%s%s%s not found: manifest unknown: %s".formatted(scope.registry(), repository,
                    Digest.isValid(reference) ? "@" : ":", reference, message.isEmpty() ? "manifest unknown" : message));
        }
        byte[] bytes = readSmall(expect(answer, 200, scope, what), what);
        Digest digest = Digest.sha256(bytes);
        if (Digest.isValid(reference) && !digest.toString().equals(reference)) {
            throw BerthException.invalid("registry " + scope.registry() + " sent " + what + " whose content hashes to "
                    + digest + "; the registry or something between is corrupting data");
        }
        String mediaType = answer.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim())
                .filter(t -> !t.isEmpty() && !t.equals("application/json"))
                .orElseGet(() -> Json.tree(bytes, what).path("mediaType").asText(""));
        return new Manifest(bytes, mediaType, digest);
    }

    /** Opens a blob at byte {@code offset} (a Range request when not 0), following a redirect to blob storage. */
    InputStream openBlob(Scope scope, String repository, Digest digest, long offset) {
        String what = "blob " + digest + " of " + repository;
        Map<String, String> range = offset > 0 ? Map.of("Range", "bytes=" + offset + "-") : Map.of();
        HttpResponse<InputStream> answer = http.get(scope, "/v2/" + repository + "/blobs/" + digest, range);
        if (answer.statusCode() / 100 == 3 && answer.headers().firstValue("Location").isPresent()) {
            RegistryHttp.closeBody(answer);
            // the redirect target (often object storage on another host) must not see the registry's credentials
            URI target = answer.uri().resolve(answer.headers().firstValue("Location").get());
            answer = http.getPlain(target, range);
        }
        if (offset > 0 && answer.statusCode() == 206) {
            return answer.body();
        }
        InputStream body = expect(answer, 200, scope, what);
        try {
            body.skipNBytes(offset); // the registry ignored the Range: skip what we already have
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HEAD a blob: whether the repository has it. */
    boolean hasBlob(Scope scope, String repository, Digest digest) {
        HttpResponse<Void> answer = http.send(scope, "HEAD", "/v2/" + repository + "/blobs/" + digest, r -> {},
                BodyPublishers.noBody(), BodyHandlers.discarding());
        if (answer.statusCode() == 404) {
            return false;
        }
        expect(answer, 200, scope, "blob " + digest + " of " + repository);
        return true;
    }

    /**
     * Starts an upload, asking to mount {@code digest} from {@code mountFrom} when given. Returns empty if the
     * registry mounted the blob (201), else the upload location (202), as the spec's cross-repository mount says.
     */
    Optional<String> startUpload(Scope scope, String repository, Digest digest, Optional<String> mountFrom) {
        String query = mountFrom.map(from -> "?mount=" + digest + "&from=" + from).orElse("");
        HttpResponse<InputStream> answer = http.send(scope, "POST", "/v2/" + repository + "/blobs/uploads/" + query,
                r -> {}, BodyPublishers.noBody(), BodyHandlers.ofInputStream());
        if (answer.statusCode() == 201 && mountFrom.isPresent()) {
            RegistryHttp.closeBody(answer);
            return Optional.empty();
        }
        expect(answer, 202, scope, "an upload to " + repository);
        RegistryHttp.closeBody(answer);
        return Optional.of(answer.headers().firstValue("Location").orElseThrow(() -> BerthException.invalid(
                "registry " + scope.registry() + " started an upload to " + repository + " without a Location")));
    }

    /** Finishes an upload in one PUT with the whole blob (the spec's monolithic upload). */
    void putBlob(Scope scope, String location, Digest digest, BodyPublisher body) {
        String target = location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
        HttpResponse<InputStream> answer = http.send(scope, "PUT", target,
                r -> r.header("Content-Type", "application/octet-stream").timeout(UPLOAD_TIMEOUT), body,
                BodyHandlers.ofInputStream());
        expect(answer, 201, scope, "upload of blob " + digest);
        RegistryHttp.closeBody(answer);
    }

    /** PUT a manifest under a tag. */
    void putManifest(Scope scope, String repository, String tag, byte[] manifest, String mediaType) {
        HttpResponse<InputStream> answer = http.send(scope, "PUT", "/v2/" + repository + "/manifests/" + tag,
                r -> r.header("Content-Type", mediaType), BodyPublishers.ofByteArray(manifest), BodyHandlers.ofInputStream());
        expect(answer, 201, scope, "manifest " + repository + ":" + tag);
        RegistryHttp.closeBody(answer);
    }

    /** The tags of a repository ({@code GET /v2/<name>/tags/list}). */
    List<String> tags(Scope scope, String repository) {
        String what = "the tags of " + repository;
        HttpResponse<InputStream> answer = http.get(scope, "/v2/" + repository + "/tags/list", Map.of());
        List<String> tags = new ArrayList<>();
        Json.tree(readSmall(expect(answer, 200, scope, what), what), what).path("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    /** {@code GET /v2/}: succeeds when the scope's credentials are accepted. */
    void ping(Scope scope) {
        HttpResponse<InputStream> answer = http.get(scope, "/v2/", Map.of());
        expect(answer, 200, scope, "the API root");
        RegistryHttp.closeBody(answer);
    }

    /** The body of an answer with status {@code wanted}; any other status becomes the error it means. */
    private static <T> T expect(HttpResponse<T> answer, int wanted, Scope scope, String what) {
        if (answer.statusCode() == wanted) {
            return answer.body();
        }
        String detail = answer.body() instanceof InputStream in ? errorDetail(in) : "";
        RegistryHttp.closeBody(answer);
        String message = "registry " + scope.registry() + " answered HTTP " + answer.statusCode() + " for " + what + detail;
        throw switch (answer.statusCode()) {
            case 401, 403 -> BerthException.unauthorized(message + " (access denied; try: berth login " + scope.registry() + ")");
            case 404 -> BerthException.notFound(message + " (check the name and tag)");
            case 400 -> BerthException.invalid(message);
            default -> BerthException.internal(message + (answer.statusCode() >= 500 ? " (a server error; try again later)" : ""));
        };
    }

    /** The spec's error body, {@code {"errors":[{"code":..,"message":..}]}}, as ": CODE: message". */
    private static String errorDetail(InputStream body) {
        try (body) {
            JsonNode errors = Json.tree(body.readNBytes(64 * 1024), "error body").path("errors");
            StringBuilder text = new StringBuilder();
            errors.forEach(e -> text.append(text.isEmpty() ? ": " : "; ").append(e.path("code").asText("?"))
                    .append(": ").append(e.path("message").asText("")));
            return text.toString();
        } catch (IOException | RuntimeException e) {
            return ""; // not the spec's error shape: the status says enough
        }
    }

    private static byte[] readSmall(InputStream body, String what) {
        try (body) {
            byte[] bytes = body.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw BerthException.invalid(what + " is larger than " + MAX_MANIFEST_BYTES + " bytes; refusing it");
            }
            return bytes;
        } catch (IOException e) {
            throw BerthException.internal("reading " + what + " failed: " + e.getMessage(), e);
        }
    }
}
