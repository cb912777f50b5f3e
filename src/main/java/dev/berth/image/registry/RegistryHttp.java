package dev.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import dev.berth.common.RegistryAuth;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * HTTP to OCI Distribution registries with their auth: the bearer-token flow of Docker's token auth spec and
 * basic auth. A request that gets 401 is answered once with a fresh token (or basic credentials) and retried.
 * Tokens are cached per registry, scopes and user until they expire, and the scheme a registry asked for is
 * remembered, so a repeated pull sends its first request already authorized. Credentials are never logged: they
 * only appear in Authorization headers. What a pull reads (manifests, blobs, tags) comes over HttpURLConnection
 * ({@link #get}); uploads, HEAD and token requests go over {@link HttpClient}.
 */
final class RegistryHttp {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(60);
    /** How long a download may wait for its next bytes before it counts as broken (and is resumed). */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final String USER_AGENT = "berth/0.1.0";
    private static final Duration TOKEN_LIFETIME_FLOOR = Duration.ofSeconds(60);

    private final HttpClient client;
    private final RegistryHosts hosts;
    private final Map<String, URI> bases = new ConcurrentHashMap<>();
    private final Map<String, Challenge> challenges = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, Instant expires) {}

    RegistryHttp(RegistryHosts hosts) {
        this.hosts = hosts;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /**
     * Sends {@code method path} (relative to the registry's base, e.g. {@code /v2/x/manifests/1}, or an absolute
     * upload location) with the scope's authorization; retries once after a 401 with fresh credentials. Returns
     * any answer but 401; UNAUTHORIZED when the registry still refuses.
     */
    <T> HttpResponse<T> send(Scope scope, String method, String path, Consumer<HttpRequest.Builder> customize,
                             HttpRequest.BodyPublisher body, BodyHandler<T> handler) {
        return authorized(scope, () -> exchange(request(scope, method, path, customize, body), handler, scope.registry()));
    }

    /**
     * GETs {@code path} as {@link #send} would, but over HttpURLConnection ({@link UrlConnectionGet}), which streams
     * a large body for a fraction of HttpClient's CPU: what a pull downloads goes this way.
     */
    HttpResponse<InputStream> get(Scope scope, String path, Map<String, String> headers) {
        return authorized(scope, () -> {
            Map<String, String> authorized = new HashMap<>(headers);
            authorization(scope).ifPresent(value -> authorized.put("Authorization", value));
            return get(resolve(scope.registry(), path), authorized, scope.registry());
        });
    }

    /** GETs {@code uri} without credentials: for redirects to blob storage on another host. */
    HttpResponse<InputStream> getPlain(URI uri, Map<String, String> headers) {
        return get(uri, headers, uri.getAuthority());
    }

    /** Runs {@code attempt}; after a 401, fetches fresh credentials as the challenge asks and runs it once more. */
    private <T> HttpResponse<T> authorized(Scope scope, Supplier<HttpResponse<T>> attempt) {
        HttpResponse<T> response = onBase(scope.registry(), attempt);
        if (response.statusCode() != 401) {
            return response;
        }
        Challenge challenge = response.headers().firstValue("WWW-Authenticate").flatMap(Challenge::parse)
                .orElseThrow(() -> refused(scope, "it answered 401 without a challenge Berth speaks"));
        closeBody(response);
        challenges.put(scope.registry(), challenge);
        if (challenge.isBearer()) {
            fetchToken(scope, challenge);
        } else if (scope.auth().isAnonymous()) {
            throw refused(scope, "it wants a user name and password");
        }
        response = attempt.get();
        if (response.statusCode() == 401) {
            closeBody(response);
            throw refused(scope, scope.auth().isAnonymous() ? "it wants credentials" : "it rejected the credentials");
        }
        return response;
    }

    /** The absolute URI of {@code path} on {@code registry}, for resolving relative upload locations. */
    URI resolve(String registry, String path) {
        return path.startsWith("http://") || path.startsWith("https://") ? URI.create(path) : base(registry).resolve(path);
    }

    /** Runs {@code attempt} against the registry's base URI, which the first contact picks from the candidates. */
    private <T> HttpResponse<T> onBase(String registry, Supplier<HttpResponse<T>> attempt) {
        if (bases.containsKey(registry)) {
            return attempt.get();
        }
        synchronized (bases) { // the first contact decides the scheme; parallel requests wait for it
            if (bases.containsKey(registry)) {
                return attempt.get();
            }
            List<URI> candidates = hosts.candidates(registry);
            for (int i = 0; ; i++) {
                bases.put(registry, candidates.get(i));
                boolean last = i == candidates.size() - 1;
                try {
                    HttpResponse<T> response = attempt.get();
                    // 400 is how a TLS server answers plain HTTP
                    if (response.statusCode() != 400 || last) {
                        return response;
                    }
                    closeBody(response);
                } catch (BerthException e) {
                    if (last || !(e.getCause() instanceof IOException)) {
                        bases.remove(registry);
                        throw e;
                    }
                }
            }
        }
    }

    private HttpRequest request(Scope scope, String method, String path, Consumer<HttpRequest.Builder> customize,
                                HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(scope.registry(), path))
                .timeout(HEADERS_TIMEOUT)
                .method(method, body)
                .header("User-Agent", USER_AGENT);
        authorization(scope).ifPresent(value -> request.header("Authorization", value));
        customize.accept(request);
        return request.build();
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, BodyHandler<T> handler, String registry) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw unreachable(registry, request.method(), request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BerthException.internal("interrupted while talking to registry " + registry);
        }
    }

    private static HttpResponse<InputStream> get(URI uri, Map<String, String> headers, String registry) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("User-Agent", USER_AGENT);
        try {
            return UrlConnectionGet.send(uri, all, CONNECT_TIMEOUT, READ_TIMEOUT);
        } catch (IOException e) {
            throw unreachable(registry, "GET", uri, e);
        }
    }

    private static BerthException unreachable(String registry, String method, URI uri, IOException e) {
        return BerthException.internal("cannot reach registry " + registry + " (" + method + " " + uri.getPath() + "): "
                + describe(e), e);
    }

    private URI base(String registry) {
        return bases.getOrDefault(registry, hosts.candidates(registry).getFirst());
    }

    /** The header a request goes with when the registry's scheme is known: a cached token, or basic credentials. */
    private Optional<String> authorization(Scope scope) {
        Challenge known = challenges.get(scope.registry());
        if (known == null) {
            return Optional.empty();
        }
        if (!known.isBearer()) {
            return scope.auth().isAnonymous() ? Optional.empty() : Optional.of(basic(scope.auth()));
        }
        Token token = tokens.get(tokenKey(scope));
        return token == null || token.expires().isBefore(Instant.now()) ? Optional.empty() : Optional.of("Bearer " + token.value());
    }

    /** The token request of Docker's token auth spec: GET realm?service=..&scope=.., with basic credentials if any. */
    private void fetchToken(Scope scope, Challenge challenge) {
        String realm = challenge.param("realm");
        if (realm.isEmpty()) {
            throw refused(scope, "its bearer challenge names no realm");
        }
        StringBuilder query = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?')
                .append("service=").append(encode(challenge.param("service")));
        scope.scopes().forEach(s -> query.append("&scope=").append(encode(s)));
        if (scope.scopes().isEmpty() && !challenge.param("scope").isEmpty()) {
            query.append("&scope=").append(encode(challenge.param("scope")));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(query.toString())).timeout(HEADERS_TIMEOUT).GET();
        if (!scope.auth().isAnonymous()) {
            request.header("Authorization", basic(scope.auth()));
        }
        HttpResponse<byte[]> answer = exchange(request.build(), HttpResponse.BodyHandlers.ofByteArray(), scope.registry());
        if (answer.statusCode() == 401 || answer.statusCode() == 403) {
            throw refused(scope, "its token server " + URI.create(realm).getAuthority() + " rejected the credentials");
        }
        if (answer.statusCode() != 200) {
            throw BerthException.internal("the token server of registry " + scope.registry() + " answered HTTP "
                    + answer.statusCode() + "; try again later");
        }
        JsonNode json = Json.tree(answer.body(), "the token answer of registry " + scope.registry());
        String token = json.path("token").asText(json.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw BerthException.invalid("the token server of registry " + scope.registry() + " answered without a token");
        }
        Duration lifetime = Duration.ofSeconds(Math.max(json.path("expires_in").asLong(0), TOKEN_LIFETIME_FLOOR.toSeconds()));
        // renew a little early, so a token does not expire between being chosen and being checked
        tokens.put(tokenKey(scope), new Token(token, Instant.now().plus(lifetime).minusSeconds(10)));
    }

    private static String tokenKey(Scope scope) {
        return scope.registry() + " " + scope.auth().username() + " " + String.join(" ", scope.scopes());
    }

    private static String basic(RegistryAuth auth) {
        return "Basic " + Base64.getEncoder().encodeToString((auth.username() + ":" + auth.password())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static BerthException refused(Scope scope, String why) {
        String who = scope.auth().isAnonymous() ? "without credentials" : "as " + scope.auth().username();
        return BerthException.unauthorized("registry " + scope.registry() + " refused access " + who + ": " + why
                + " (try: berth login " + scope.registry() + ")");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Drops an answer's body so the connection can be reused. */
    static void closeBody(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the connection is dropped instead of reused; nothing is lost
            }
        }
    }
}
