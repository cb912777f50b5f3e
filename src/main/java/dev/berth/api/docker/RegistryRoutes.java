package dev.berth.api.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.http.Exchange;
import dev.berth.api.http.Router;
import dev.berth.common.BerthException;
import dev.berth.common.CredentialFiles;
import dev.berth.common.Digest;
import dev.berth.engine.EventLog;
import dev.berth.common.Json;
import dev.berth.common.RegistryAuth;
import dev.berth.image.ImageRef;
import dev.berth.image.Platform;
import dev.berth.image.RegistryService;
import dev.berth.image.RegistryService.PullResult;
import dev.berth.image.RegistryService.PushResult;
import dev.berth.image.RemoteRef;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Docker Engine API's registry endpoints: {@code POST /images/create?fromImage=} (pull), {@code POST
 * /images/{name}/push} and {@code POST /auth}, with credentials from the {@code X-Registry-Auth} header.
 */
public final class RegistryRoutes {
    private final RegistryService registry;
    private final EventLog events;

    public RegistryRoutes(RegistryService registry, EventLog events) {
        this.events = events;
        this.registry = registry;
    }

    /** Registers push and auth; pulls arrive through {@link ImageRoutes}, which shares {@code /images/create}. */
    public void register(Router r) {
        r.add("POST", "/images/{name*}/push", this::push)
                .add("POST", "/auth", this::login);
    }

    /**
     * {@code fromImage=NAME&tag=TAG|DIGEST}: an empty tag on a name without one pulls every tag, as {@code docker
     * pull -a} asks.
     */
    void pull(Exchange x) {
        String fromImage = x.query("fromImage").orElse("");
        String tag = x.query("tag").orElse("");
        RegistryAuth auth = registryAuth(x);
        Platform platform = x.query("platform").filter(p -> !p.isEmpty()).map(Platform::parse).orElse(Platform.host());
        RemoteRef named = tag.isEmpty() ? RemoteRef.parse(fromImage) : RemoteRef.ofName(fromImage, tag);
        boolean allTags = tag.isEmpty() && !fromImage.contains("@") && !hasTag(fromImage);
        List<RemoteRef> refs = allTags
                ? registry.tags(named, auth).stream().map(named::withReference).toList()
                : List.of(named);
        try (ProgressStream progress = new ProgressStream(x, "Pulling from " + named.repository(), true)) {
            try {
                for (RemoteRef ref : refs) {
                    PullResult result = registry.pull(ref, platform, auth, progress);
                    progress.started(ref);
                    progress.status("", "Digest: " + result.manifestDigest());
                    progress.status("", (result.newTag() ? "Status: Downloaded newer image for "
                            : "Status: Image is up to date for ") + familiar(ref));
                    events.publish("image", "pull", familiar(ref), Map.of("name", familiar(ref)));
                }
            } catch (BerthException e) {
                if (!progress.isOpen()) {
                    throw e;
                }
                progress.error(e.getMessage());
            }
        }
    }

    private void push(Exchange x) {
        String name = x.pathParam("name");
        String tag = x.query("tag").filter(t -> !t.isEmpty()).orElse("latest");
        RemoteRef target = RemoteRef.ofName(name, tag);
        String local = ImageRef.parse(name + ":" + tag).toString();
        RegistryAuth auth = registryAuth(x);
        try (ProgressStream progress = new ProgressStream(x, "The push refers to repository [" + target.name() + "]", false)) {
            progress.started(target); // first, as dockerd: every failure after it, a missing image too, is in the stream
            try {
                PushResult result = registry.push(local, target, auth, progress);
                progress.started(target);
                Digest digest = result.manifestDigest();
                progress.status("", tag + ": digest: " + digest + " size: " + result.manifestSize());
                Map<String, Object> aux = new LinkedHashMap<>();
                aux.put("Tag", tag);
                aux.put("Digest", digest.toString());
                aux.put("Size", result.manifestSize());
                progress.aux(aux);
                events.publish("image", "push", target.name() + ":" + tag, Map.of("name", target.name() + ":" + tag));
            } catch (BerthException e) {
                if (!progress.isOpen()) {
                    throw e;
                }
                progress.error(e.getMessage());
            }
        }
    }

    /** {@code POST /auth} with {@code {"username","password","serveraddress"}}: checks the login with the registry. */
    private void login(Exchange x) {
        JsonNode body = x.bodyJson(JsonNode.class);
        String server = CredentialFiles.normalise(body.path("serveraddress").asText(RemoteRef.DOCKER_HUB));
        registry.login(server.isEmpty() ? RemoteRef.DOCKER_HUB : server, authOf(body));
        x.respondJson(200, Map.of("Status", "Login Succeeded", "IdentityToken", ""));
    }

    /** Docker's {@code X-Registry-Auth}: base64url JSON of an AuthConfig; absent or {@code {}} means anonymous. */
    static RegistryAuth registryAuth(Exchange x) {
        String header = x.header("X-Registry-Auth").orElse("").trim();
        if (header.isEmpty()) {
            return RegistryAuth.anonymous();
        }
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(header.replace('+', '-').replace('/', '_'));
        } catch (IllegalArgumentException e) {
            throw BerthException.invalid("X-Registry-Auth is not base64-encoded JSON");
        }
        return authOf(Json.tree(json, "X-Registry-Auth"));
    }

    /** An AuthConfig: username and password, or {@code auth} = base64(user:password), or an identity token. */
    private static RegistryAuth authOf(JsonNode config) {
        String username = config.path("username").asText("");
        String password = config.path("password").asText("");
        String encoded = config.path("auth").asText("");
        if (username.isEmpty() && !encoded.isEmpty()) {
            String pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            username = colon < 0 ? pair : pair.substring(0, colon);
            password = colon < 0 ? "" : pair.substring(colon + 1);
        }
        return new RegistryAuth(username, password, config.path("identitytoken").asText(""));
    }

    private static boolean hasTag(String name) {
        return name.lastIndexOf(':') > name.lastIndexOf('/');
    }

    private static String familiar(RemoteRef ref) {
        return ref.byDigest() ? ref.familiarName() + "@" + ref.reference() : ref.localTag().toString();
    }
}
