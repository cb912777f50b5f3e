package dev.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.ErrorKind;
import dev.berth.common.Json;
import dev.berth.common.RegistryAuth;
import dev.berth.image.Image;
import dev.berth.image.ImageConfig;
import dev.berth.image.Platform;
import dev.berth.image.RemoteRef;
import dev.berth.image.TestStores;
import dev.berth.image.TestTars;
import dev.berth.image.TransferListener;
import dev.berth.image.format.ImageConfigBlob;
import dev.berth.image.format.MediaTypes;
import dev.berth.image.oci.OciImageStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry-like server that misbehaves on purpose: wrong digests, broken streams, error statuses, unknown media
 * types, missing platforms. Each pull must fail with an error naming the problem and leave the store as it was;
 * a stream broken once is resumed with a Range request.
 */
class HostileRegistryTest {
    private static final Platform AMD64 = new Platform("linux", "amd64", "");
    @TempDir
    Path dir;
    @RegisterExtension
    final TestStores stores = new TestStores();

    private HttpServer server;
    private OciImageStore store;
    private Image existing;
    private Set<Digest> blobsBefore;
    private byte[] layer;
    private byte[] config;
    private byte[] manifest;
    /** What the blob endpoint does with the layer. */
    private BlobMode blobMode = BlobMode.WHOLE;
    private String manifestType = MediaTypes.DOCKER_MANIFEST;
    private int manifestStatus = 200;
    private final AtomicInteger layerRequests = new AtomicInteger();
    private final AtomicInteger rangeRequests = new AtomicInteger();
    private final AtomicInteger storageRequests = new AtomicInteger();

    private enum BlobMode { WHOLE, WRONG_BYTES, ALWAYS_TRUNCATED, TRUNCATED_ONCE, REDIRECTED }

    @BeforeEach
    void serve() throws IOException {
        store = stores.open(dir.resolve("store"));
        existing = DistributionRegistryIT.twoLayerImage(store, "existing:1");
        blobsBefore = store.content().digests();
        byte[] data = new byte[300_000];
        new java.util.Random(6).nextBytes(data); // incompressible, so the layer is big enough to break mid-way
        byte[] tar = new TestTars().dir("srv").file("srv/data", data).build();
        layer = new TestTars().dir("srv").file("srv/data", data).buildGzip();
        describeImage(Digest.sha256(tar));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/", this::answer);
        server.createContext("/storage/", x -> {
            storageRequests.incrementAndGet();
            send(x, 200, "application/octet-stream", layer);
        });
        server.start();
    }

    /** The config (naming {@code diffId} for the layer) and the manifest the registry serves. */
    private void describeImage(Digest diffId) {
        config = new ImageConfigBlob(Instant.EPOCH, "amd64", "linux", ImageConfig.empty(), List.of(diffId)).toJson("test");
        manifest = Json.bytes(Map.of("schemaVersion", 2, "mediaType", MediaTypes.DOCKER_MANIFEST,
                "config", descriptor("application/vnd.docker.container.image.v1+json", config),
                "layers", List.of(descriptor("application/vnd.docker.image.rootfs.diff.tar.gzip", layer))));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aLayerWhoseBytesDoNotMatchItsDigestIsRefused() {
        blobMode = BlobMode.WRONG_BYTES;
        assertPullFails(ErrorKind.INVALID_ARGUMENT, "hashes to");
    }

    @Test
    void aLayerThatIsNotTheDiffIdItsConfigNamesIsRefused() {
        Digest other = Digest.sha256(new byte[] {1});
        describeImage(other);
        assertPullFails(ErrorKind.INVALID_ARGUMENT, other.toString());
    }

    @Test
    void aStreamThatKeepsBreakingFailsAfterResumingAFewTimes() {
        blobMode = BlobMode.ALWAYS_TRUNCATED;
        assertPullFails(ErrorKind.INTERNAL, "broke off");
        assertThat(layerRequests.get()).isEqualTo(1 + ResumingBlobStream.MAX_RESUMES);
    }

    @Test
    void aStreamBrokenOnceIsResumedWithARangeRequest() {
        blobMode = BlobMode.TRUNCATED_ONCE;
        Image pulled = client().pull(ref("app:1"), AMD64, RegistryAuth.anonymous(), TransferListener.silent()).image();
        assertThat(pulled.repoTags()).containsExactly(host() + "/app:1");
        assertThat(rangeRequests.get()).isEqualTo(1);
    }

    @Test
    void aBlobRedirectedToStorageElsewhereIsFetchedFromThere() {
        blobMode = BlobMode.REDIRECTED;
        Image pulled = client().pull(ref("app:1"), AMD64, RegistryAuth.anonymous(), TransferListener.silent()).image();
        assertThat(pulled.repoTags()).containsExactly(host() + "/app:1");
        assertThat(storageRequests.get()).isEqualTo(1);
    }

    @Test
    void errorStatusesBecomeErrorsOfTheirKind() {
        manifestStatus = 404;
        assertPullFails(ErrorKind.NOT_FOUND, "manifest for " + host() + "/app:1 not found: manifest unknown: manifest unknown");
        manifestStatus = 403;
        assertPullFails(ErrorKind.UNAUTHORIZED, "HTTP 403");
        manifestStatus = 401;
        assertPullFails(ErrorKind.UNAUTHORIZED, "without a challenge");
        manifestStatus = 500;
        assertPullFails(ErrorKind.INTERNAL, "HTTP 500");
    }

    @Test
    void aManifestOfAnUnknownMediaTypeIsRefusedByName() {
        manifestType = "application/vnd.docker.distribution.manifest.v1+prettyjws";
        assertPullFails(ErrorKind.INVALID_ARGUMENT, "manifest.v1+prettyjws");
    }

    @Test
    void aPlatformMissingFromTheIndexIsNamedWithWhatTheIndexHas() {
        assertPullFails("app:multi", ErrorKind.NOT_FOUND, "linux/arm64");
    }

    private void assertPullFails(ErrorKind kind, String message) {
        assertPullFails("app:1", kind, message);
    }

    private void assertPullFails(String name, ErrorKind kind, String message) {
        ThrowingCallable pull = () -> client().pull(ref(name), AMD64, RegistryAuth.anonymous(), TransferListener.silent());
        assertThatThrownBy(pull).isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind))
                .hasMessageContaining(message);
        assertThat(store.content().digests()).as("nothing partial stored").isEqualTo(blobsBefore);
        assertThat(dir.resolve("store/ingest")).as("no temp file left").isEmptyDirectory();
        assertThat(store.list()).extracting(Image::id).containsExactly(existing.id());
        assertThat(store.resolve("existing:1").repoTags()).containsExactly("existing:1");
    }

    private DistributionRegistry client() {
        return new DistributionRegistry(store, store.content(), Set.of(), List.of());
    }

    private RemoteRef ref(String name) {
        return RemoteRef.parse(host() + "/" + name);
    }

    private String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        if (path.equals("/v2/")) {
            send(x, 200, "application/json", "{}".getBytes());
        } else if (path.equals("/v2/app/manifests/multi")) {
            byte[] index = Json.bytes(Map.of("schemaVersion", 2, "mediaType", MediaTypes.OCI_INDEX, "manifests", List.of(
                    Map.of("mediaType", MediaTypes.DOCKER_MANIFEST, "digest", Digest.sha256(manifest).toString(),
                            "size", manifest.length, "platform", Map.of("os", "linux", "architecture", "arm64")))));
            send(x, 200, MediaTypes.OCI_INDEX, index);
        } else if (path.startsWith("/v2/app/manifests/")) {
            if (manifestStatus == 200) {
                send(x, 200, manifestType, manifest);
            } else {
                send(x, manifestStatus, "application/json",
                        "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes());
            }
        } else if (path.equals("/v2/app/blobs/" + Digest.sha256(config))) {
            send(x, 200, "application/octet-stream", config);
        } else if (path.equals("/v2/app/blobs/" + Digest.sha256(layer))) {
            sendLayer(x);
        } else {
            send(x, 404, "application/json", "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"no\"}]}".getBytes());
        }
    }

    private void sendLayer(HttpExchange x) throws IOException {
        int attempt = layerRequests.incrementAndGet();
        String range = x.getRequestHeaders().getFirst("Range");
        int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
        byte[] rest = Arrays.copyOfRange(layer, from, layer.length);
        int status = 200;
        if (range != null) {
            rangeRequests.incrementAndGet();
            status = 206;
            x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (layer.length - 1) + "/" + layer.length);
        }
        switch (blobMode) {
            case WHOLE -> send(x, status, "application/octet-stream", rest);
            case REDIRECTED -> {
                x.getResponseHeaders().set("Location", "/storage/layer?signature=abc");
                send(x, 307, "text/plain", new byte[0]);
            }
            case WRONG_BYTES -> {
                rest[rest.length / 2] ^= 1;
                send(x, status, "application/octet-stream", rest);
            }
            case ALWAYS_TRUNCATED, TRUNCATED_ONCE -> {
                if (blobMode == BlobMode.TRUNCATED_ONCE && attempt > 1) {
                    send(x, status, "application/octet-stream", rest);
                    return;
                }
                x.sendResponseHeaders(status, rest.length);
                x.getResponseBody().write(rest, 0, rest.length / 3);
                x.getResponseBody().flush();
                x.close(); // fewer bytes than Content-Length: the server drops the connection
            }
        }
    }

    private static void send(HttpExchange x, int status, String contentType, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", contentType);
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    private static Map<String, Object> descriptor(String mediaType, byte[] blob) {
        return Map.of("mediaType", mediaType, "digest", Digest.sha256(blob).toString(), "size", blob.length);
    }
}
