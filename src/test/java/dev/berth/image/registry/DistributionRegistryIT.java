package dev.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.ErrorKind;
import dev.berth.common.Json;
import dev.berth.common.RegistryAuth;
import dev.berth.image.Image;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageRef;
import dev.berth.image.Platform;
import dev.berth.image.RegistryService.PullResult;
import dev.berth.image.RegistryService.PushResult;
import dev.berth.image.RemoteRef;
import dev.berth.image.TestStores;
import dev.berth.image.TestTars;
import dev.berth.image.TransferListener;
import dev.berth.image.TransferListener.Step;
import dev.berth.image.format.ImageConfigBlob;
import dev.berth.image.format.MediaTypes;
import dev.berth.common.HostCommand;
import dev.berth.image.oci.OciImageStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull and push against a real docker-registry on 127.0.0.1: open, with htpasswd basic auth, and behind a token
 * server; interop with skopeo both ways.
 */
@Tag("registry")
class DistributionRegistryIT {
    private static final Platform AMD64 = new Platform("linux", "amd64", "");
    @TempDir
    Path dir;
    @RegisterExtension
    final TestStores stores = new TestStores();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void pushedImageIsPulledBackIdenticalAndARepullOnlyRetags() throws Exception {
        try (LocalRegistry registry = LocalRegistry.open(dir.resolve("registry"))) {
            OciImageStore source = stores.open(dir.resolve("source"));
            Image image = twoLayerImage(source, "demo/app:1.0");
            RemoteRef target = RemoteRef.parse(registry.host() + "/demo/app:1.0");
            PushResult pushed = client(source).push("demo/app:1.0", target, RegistryAuth.anonymous(), listener());
            assertThat(pushed.manifestDigest()).isEqualTo(image.manifest());
            assertThat(source.resolve("demo/app:1.0").repoDigests()).as("a push records the digest in the repository")
                    .containsExactly(registry.host() + "/demo/app@" + pushed.manifestDigest());
            assertThat(events).anyMatch(e -> e.startsWith("Pushed "));

            OciImageStore sink = stores.open(dir.resolve("sink"));
            DistributionRegistry pulling = client(sink);
            PullResult pulled = pulling.pull(target, AMD64, RegistryAuth.anonymous(), listener());
            assertThat(pulled.newTag()).isTrue();
            assertThat(pulled.manifestDigest()).isEqualTo(pushed.manifestDigest());
            assertThat(pulled.image().id()).isEqualTo(image.id());
            assertThat(pulled.image().diffIds()).isEqualTo(image.diffIds());
            assertThat(pulled.image().repoTags()).containsExactly(registry.host() + "/demo/app:1.0");
            assertThat(pulled.image().repoDigests()).containsExactly(registry.host() + "/demo/app@" + pushed.manifestDigest());
            assertThat(sink.content().digests()).containsAll(image.diffIds());

            PullResult again = pulling.pull(target.withReference("1.0"), AMD64, RegistryAuth.anonymous(), listener());
            assertThat(again.newTag()).isFalse();
            sink.tag(registry.host() + "/demo/app:1.0", ImageRef.parse("keep:1"));
            sink.remove(registry.host() + "/demo/app:1.0", false, Map.of());
            assertThat(pulling.pull(target, AMD64, RegistryAuth.anonymous(), listener()).newTag())
                    .as("nothing to download, but the tag is new again: dockerd says Downloaded newer image").isTrue();
            PullResult byDigest = client(stores.open(dir.resolve("third")))
                    .pull(target.withReference(pushed.manifestDigest().toString()), AMD64, RegistryAuth.anonymous(), listener());
            assertThat(byDigest.image().id()).isEqualTo(image.id());
            assertThat(byDigest.image().repoTags()).isEmpty();
        }
    }

    @Test
    void aSecondRepositoryOfTheRegistryGetsTheBlobsByMount() throws Exception {
        try (LocalRegistry registry = LocalRegistry.open(dir.resolve("registry"))) {
            OciImageStore source = stores.open(dir.resolve("source"));
            twoLayerImage(source, "demo/app:1.0");
            DistributionRegistry client = client(source);
            client.push("demo/app:1.0", RemoteRef.parse(registry.host() + "/one/app:1"), RegistryAuth.anonymous(), listener());
            events.clear();
            client.push("demo/app:1.0", RemoteRef.parse(registry.host() + "/two/app:1"), RegistryAuth.anonymous(), listener());
            assertThat(events).filteredOn(e -> e.startsWith("Mounted")).hasSize(2);
            events.clear();
            client.push("demo/app:1.0", RemoteRef.parse(registry.host() + "/two/app:2"), RegistryAuth.anonymous(), listener());
            assertThat(events).filteredOn(e -> e.startsWith("Layer already exists")).hasSize(2);
            assertThat(client.tags(RemoteRef.parse(registry.host() + "/two/app"), RegistryAuth.anonymous()))
                    .containsExactlyInAnyOrder("1", "2");
        }
    }

    @Test
    void anIndexIsResolvedToTheRequestedPlatformOrRefusedNamingWhatItHas() throws Exception {
        try (LocalRegistry registry = LocalRegistry.open(dir.resolve("registry"))) {
            OciImageStore source = stores.open(dir.resolve("source"));
            Image image = twoLayerImage(source, "demo/app:1.0");
            RemoteRef target = RemoteRef.parse(registry.host() + "/demo/app:1.0");
            PushResult pushed = client(source).push("demo/app:1.0", target, RegistryAuth.anonymous(), listener());
            Digest index = putIndex(registry, "demo/app", "multi", pushed);

            OciImageStore sink = stores.open(dir.resolve("sink"));
            PullResult arm = client(sink).pull(target.withReference("multi"), Platform.parse("linux/arm64"),
                    RegistryAuth.anonymous(), listener());
            assertThat(arm.image().id()).isEqualTo(image.id());
            assertThat(arm.manifestDigest()).as("the index's digest, what the reference names, as dockerd reports it").isEqualTo(index);
            assertThat(arm.image().repoDigests()).containsExactly(registry.host() + "/demo/app@" + index);
            assertThatThrownBy(() -> client(sink).pull(target.withReference("multi"), Platform.parse("linux/s390x"),
                    RegistryAuth.anonymous(), listener()))
                    .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                    .hasMessageContaining("linux/s390x").hasMessageContaining("linux/amd64").hasMessageContaining("linux/arm64/v8");
        }
    }

    @Test
    void basicAuthNeedsTheRightCredentials() throws Exception {
        try (LocalRegistry registry = LocalRegistry.withBasicAuth(dir.resolve("registry"))) {
            assertRefusesWrongCredentialsAndServesRightOnes(registry);
        }
    }

    @Test
    void bearerTokensAreFetchedWithTheCredentialsAndReused() throws Exception {
        try (LocalRegistry registry = LocalRegistry.withTokenAuth(dir.resolve("registry"))) {
            assertRefusesWrongCredentialsAndServesRightOnes(registry);
            assertThat(registry.tokensIssued()).as("one token per scope, reused across requests").isLessThanOrEqualTo(5);
        }
    }

    private void assertRefusesWrongCredentialsAndServesRightOnes(LocalRegistry registry) throws Exception {
        RegistryAuth right = RegistryAuth.basic(LocalRegistry.USER, LocalRegistry.PASSWORD);
        RegistryAuth wrong = RegistryAuth.basic(LocalRegistry.USER, "wrong");
        OciImageStore source = stores.open(dir.resolve("source"));
        Image image = twoLayerImage(source, "demo/app:1.0");
        DistributionRegistry client = client(source);
        RemoteRef target = RemoteRef.parse(registry.host() + "/demo/app:1.0");
        assertThatThrownBy(() -> client.login(registry.host(), wrong))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                .hasMessageContaining(registry.host()).hasMessageNotContaining("wrong");
        client.login(registry.host(), right);
        assertThatThrownBy(() -> client.push("demo/app:1.0", target, RegistryAuth.anonymous(), listener()))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED));
        client.push("demo/app:1.0", target, right, listener());

        OciImageStore sink = stores.open(dir.resolve("sink"));
        assertThatThrownBy(() -> client(sink).pull(target, AMD64, wrong, listener()))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED));
        assertThat(sink.list()).isEmpty();
        assertThat(client(sink).pull(target, AMD64, right, listener()).image().id()).isEqualTo(image.id());

        Path config = dir.resolve("docker-config.json");
        Files.writeString(config, Json.string(Map.of("auths", Map.of("http://" + registry.host(),
                Map.of("auth", java.util.Base64.getEncoder().encodeToString((LocalRegistry.USER + ":" + LocalRegistry.PASSWORD).getBytes()))))));
        DistributionRegistry withDockerLogin = new DistributionRegistry(sink, sink.content(), Set.of(), List.of(config));
        assertThat(withDockerLogin.pull(target, AMD64, RegistryAuth.anonymous(), listener()).newTag()).isFalse();
    }

    @Test
    void skopeoPullsWhatBerthPushesAndBerthPullsWhatSkopeoPushes() throws Exception {
        Path skopeo = Path.of("/usr/bin/skopeo");
        assumeThat(skopeo).as("skopeo is not installed; apt-get install -y skopeo").isExecutable();
        try (LocalRegistry registry = LocalRegistry.open(dir.resolve("registry"))) {
            OciImageStore source = stores.open(dir.resolve("source"));
            Image image = twoLayerImage(source, "demo/app:1.0");
            client(source).push("demo/app:1.0", RemoteRef.parse(registry.host() + "/berth/app:1"), RegistryAuth.anonymous(), listener());
            Path layout = dir.resolve("layout");
            HostCommand.output(dir, List.of(skopeo.toString(), "--insecure-policy", "copy", "--src-tls-verify=false",
                    "docker://" + registry.host() + "/berth/app:1", "oci:" + layout + ":app"));
            // skopeo gzips the layers for an OCI layout; the config (and with it the diff ids) stays the same
            assertThat(layout.resolve("blobs/sha256").resolve(image.id().hex())).exists();

            HostCommand.output(dir, List.of(skopeo.toString(), "--insecure-policy", "copy", "--dest-tls-verify=false",
                    "--dest-compress", "oci:" + layout + ":app", "docker://" + registry.host() + "/skopeo/app:gz"));
            OciImageStore sink = stores.open(dir.resolve("sink"));
            PullResult pulled = client(sink).pull(RemoteRef.parse(registry.host() + "/skopeo/app:gz"), AMD64,
                    RegistryAuth.anonymous(), listener());
            assertThat(pulled.image().id()).isEqualTo(image.id());
        }
    }

    private DistributionRegistry client(OciImageStore store) {
        return new DistributionRegistry(store, store.content(), Set.of(), List.of());
    }

    private TransferListener listener() {
        return new TransferListener() {
            @Override
            public void started(RemoteRef ref) {
                events.add("started " + ref);
            }

            @Override
            public void layer(String id, Step step, long current, long total) {
                events.add(step.text() + " " + id);
            }
        };
    }

    /** An image of two layers with a few KiB each, so pushes and pulls move more than one blob at a time. */
    static Image twoLayerImage(OciImageStore store, String name) {
        Digest bottom = store.content().write(new TestTars().dir("etc").file("etc/motd", "hi")
                .file("etc/data", "x".repeat(20_000)).build(), "bottom layer");
        Digest top = store.content().write(new TestTars().dir("app").file("app/run.sh", "echo hello from " + name)
                .build(), "top layer");
        byte[] config = new ImageConfigBlob(Instant.parse("2026-01-01T00:00:00Z"), "amd64", "linux",
                ImageConfig.empty().withCmd(List.of("sh", "/app/run.sh")), List.of(bottom, top)).toJson("test");
        Digest configDigest = store.content().write(config, "config");
        return store.add(configDigest, List.of(bottom, top), List.of(ImageRef.parse(name)));
    }

    /** Puts an OCI index under {@code tag} naming {@code pushed} as linux/amd64 and linux/arm64/v8; returns its digest. */
    private static Digest putIndex(LocalRegistry registry, String repository, String tag, PushResult pushed) throws Exception {
        Map<String, Object> amd64 = Map.of("mediaType", MediaTypes.OCI_MANIFEST, "digest", pushed.manifestDigest().toString(),
                "size", pushed.manifestSize(), "platform", Map.of("os", "linux", "architecture", "amd64"));
        Map<String, Object> arm64 = Map.of("mediaType", MediaTypes.OCI_MANIFEST, "digest", pushed.manifestDigest().toString(),
                "size", pushed.manifestSize(), "platform", Map.of("os", "linux", "architecture", "arm64", "variant", "v8"));
        byte[] index = Json.bytes(Map.of("schemaVersion", 2, "mediaType", MediaTypes.OCI_INDEX, "manifests", List.of(amd64, arm64)));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry.host() + "/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", MediaTypes.OCI_INDEX).PUT(HttpRequest.BodyPublishers.ofByteArray(index)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return Digest.sha256(index);
    }
}
