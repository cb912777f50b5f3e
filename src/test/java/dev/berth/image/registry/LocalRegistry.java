package dev.berth.image.registry;

import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpServer;
import dev.berth.common.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's docker-registry (the CNCF Distribution registry) on 127.0.0.1 with its storage in a temp dir: open, with
 * htpasswd basic auth (bcrypt, made by htpasswd), or behind a token server of this class's own that signs RS256
 * JWTs with a key whose certificate the registry trusts (Docker's token auth spec). Skips the test when the
 * registry is not installed.
 */
public final class LocalRegistry implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");
    public static final String USER = "berth";
    public static final String PASSWORD = "s3cret-pw";
    private static final String SERVICE = "berth-test-registry";
    private static final String ISSUER = "berth-test-issuer";

    private final Process process;
    private final int port;
    private final HttpServer tokenServer;
    private final AtomicInteger tokensIssued;

    private LocalRegistry(Process process, int port, HttpServer tokenServer, AtomicInteger tokensIssued) {
        this.process = process;
        this.port = port;
        this.tokenServer = tokenServer;
        this.tokensIssued = tokensIssued;
    }

    /** Tokens the token server handed out, to check that clients cache them. */
    public int tokensIssued() {
        return tokensIssued.get();
    }

    public static LocalRegistry open(Path dir) throws Exception {
        return start(dir, "");
    }

    public static LocalRegistry withBasicAuth(Path dir) throws Exception {
        Path htpasswd = Files.createDirectories(dir).resolve("htpasswd");
        Process p = new ProcessBuilder("htpasswd", "-Bbn", USER, PASSWORD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Files.write(htpasswd, p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("htpasswd failed; apt-get install apache2-utils");
        }
        return start(dir, "auth:\n  htpasswd:\n    realm: berth-test\n    path: " + htpasswd + "\n");
    }

    public static LocalRegistry withTokenAuth(Path dir) throws Exception {
        Path keystore = Files.createDirectories(dir).resolve("token.p12");
        Path cert = dir.resolve("token.pem");
        run("keytool", "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "token", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=berth-test-token");
        run("keytool", "-exportcert", "-rfc", "-keystore", keystore.toString(), "-storepass", "changeit", "-alias", "token",
                "-file", cert.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("token", "changeit".toCharArray());
        X509Certificate certificate = (X509Certificate) ks.getCertificate("token");
        HttpServer tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger issued = new AtomicInteger();
        tokens.createContext("/token", exchange -> {
            String basic = exchange.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(basic)) {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            String token = jwt(key, certificate, scopes(exchange.getRequestURI()));
            byte[] body = Json.bytes(Map.of("token", token, "expires_in", 300));
            issued.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        tokens.start();
        String realm = "http://127.0.0.1:" + tokens.getAddress().getPort() + "/token";
        try {
            return start(dir, "auth:\n  token:\n    realm: " + realm + "\n    service: " + SERVICE
                    + "\n    issuer: " + ISSUER + "\n    rootcertbundle: " + cert + "\n", tokens, issued);
        } catch (Exception e) {
            tokens.stop(0);
            throw e;
        }
    }

    /** {@code 127.0.0.1:PORT}, the registry part of image names. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (tokenServer != null) {
            tokenServer.stop(0);
        }
    }

    private static LocalRegistry start(Path dir, String auth) throws Exception {
        return start(dir, auth, null, new AtomicInteger());
    }

    private static LocalRegistry start(Path dir, String auth, HttpServer tokenServer, AtomicInteger issued) throws Exception {
        assumeThat(BINARY).as("docker-registry is not installed; apt-get install -y docker-registry").isExecutable();
        int port = freePort();
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + storage + "\n  delete:\n    enabled: true\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: berth-test-secret\n" + auth);
        Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        LocalRegistry registry = new LocalRegistry(process, port, tokenServer, issued);
        try {
            registry.awaitReady(dir);
            return registry;
        } catch (Exception e) {
            registry.close();
            throw e;
        }
    }

    private void awaitReady(Path dir) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 || r.statusCode() == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("docker-registry did not start:\n" + Files.readString(dir.resolve("registry.log")));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** The access a token grants: every scope asked for, all its actions (the test's user may do anything). */
    private static List<Map<String, Object>> scopes(URI uri) {
        List<Map<String, Object>> access = new ArrayList<>();
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("scope=")) {
                String[] parts = java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8).split(":");
                if (parts.length == 3) {
                    access.add(Map.of("type", parts[0], "name", parts[1], "actions", List.of(parts[2].split(","))));
                }
            }
        }
        return access;
    }

    private static String jwt(PrivateKey key, X509Certificate cert, List<Map<String, Object>> access) {
        try {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("alg", "RS256");
            header.put("typ", "JWT");
            header.put("x5c", List.of(Base64.getEncoder().encodeToString(cert.getEncoded())));
            long now = Instant.now().getEpochSecond();
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", ISSUER);
            claims.put("sub", USER);
            claims.put("aud", SERVICE);
            claims.put("exp", now + 300);
            claims.put("nbf", now - 10);
            claims.put("iat", now);
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("access", access);
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String signingInput = b64.encodeToString(Json.bytes(header)) + "." + b64.encodeToString(Json.bytes(claims));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rs256.sign());
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }
}
