package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.berth.image.registry.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Black-box pull and push: a real berthd and the real CLI against docker-registry on 127.0.0.1; images pulled
 * from it run as containers. Skopeo pushes what Berth then pulls and runs.
 */
@Tag("registry")
class RegistryIT extends DaemonIT {

    @BeforeAll
    static void prepare() throws Exception {
        assumeThat(LocalRegistry.BINARY).as("docker-registry is not installed; apt-get install -y docker-registry").isExecutable();
        berthd.cliEnvironment.put("BERTH_CONFIG", base.resolve("berth-config").toString());
    }

    @Test
    void pushedImageIsPulledBackAndRuns() throws Exception {
        try (LocalRegistry registry = LocalRegistry.open(base.resolve("open"))) {
            // an image of its own, so removing it here really removes it and the pull must download it
            Path rootfs = base.resolve("rootfs.tar");
            Process tar = new ProcessBuilder("tar", "-C", "/", "-cf", rootfs.toString(), "bin/busybox").start();
            assertThat(tar.waitFor()).isZero();
            String name = registry.host() + "/test/busybox:1";
            String since = String.valueOf(java.time.Instant.now().getEpochSecond() - 1);
            ok("import", rootfs.toString(), name);
            BerthdProcess.Result push = ok("push", name);
            assertThat(push.out()).startsWith("The push refers to repository [" + registry.host() + "/test/busybox]")
                    .containsPattern("1: digest: sha256:[0-9a-f]{64} size: \\d+");
            ok("rmi", name);
            BerthdProcess.Result pull = ok("pull", name);
            assertThat(pull.out()).contains("Pull complete").containsPattern("Digest: sha256:[0-9a-f]{64}")
                    .contains("Status: Downloaded newer image for " + name);
            assertThat(ok("run", "--rm", name, "/bin/busybox", "echo", "pulled and running").out()).isEqualTo("pulled and running\n");
            assertThat(ok("pull", name).out()).contains("Status: Image is up to date for " + name);
            assertThat(ok("pull", "-q", name).out()).isEqualTo(name + "\n");
            String until = String.valueOf(java.time.Instant.now().getEpochSecond() + 1);
            List<String> events = ok("events", "--since", since, "--until", until, "--filter", "type=image", "--format",
                    "{{.Action}} {{.Actor.ID}}").out().lines().toList();
            assertThat(events).anyMatch(e -> e.startsWith("import sha256:")).contains("push " + name, "pull " + name);
        }
    }

    @Test
    void skopeoPushesWhatBerthPullsAndRuns() throws Exception {
        Path skopeo = Path.of("/usr/bin/skopeo");
        assumeThat(skopeo).as("skopeo is not installed; apt-get install -y skopeo").isExecutable();
        try (LocalRegistry registry = LocalRegistry.open(base.resolve("skopeo"))) {
            Path archive = base.resolve("busybox.tar");
            ok("save", "-o", archive.toString(), "busybox");
            String name = registry.host() + "/from/skopeo:gz";
            Process copy = new ProcessBuilder(skopeo.toString(), "--insecure-policy", "copy", "--dest-tls-verify=false",
                    "--dest-compress", "docker-archive:" + archive, "docker://" + name).redirectErrorStream(true).start();
            String output = new String(copy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(copy.waitFor()).as(output).isZero();
            ok("pull", name);
            assertThat(ok("run", "--rm", name, "cat", "/etc/hostname").exit()).isZero();
            assertThat(ok("run", "--rm", name, "echo", "from skopeo").out()).isEqualTo("from skopeo\n");
        }
    }

    @Test
    void loginStoresCredentialsThatLaterPullsAndPushesUse() throws Exception {
        try (LocalRegistry registry = LocalRegistry.withBasicAuth(base.resolve("basic"))) {
            String name = registry.host() + "/private/busybox:1";
            ok("tag", "busybox", name);
            BerthdProcess.Result denied = berthd.berth("push", name);
            assertThat(denied.exit()).isEqualTo(1);
            assertThat(denied.err()).contains("refused access without credentials");

            BerthdProcess.Result wrong = berthd.berthWithInput("nope\n".getBytes(), "login", "-u", LocalRegistry.USER,
                    "--password-stdin", registry.host());
            assertThat(wrong.exit()).isEqualTo(1);
            assertThat(wrong.err()).contains("rejected the credentials").doesNotContain("nope");
            BerthdProcess.Result login = berthd.berthWithInput((LocalRegistry.PASSWORD + "\n").getBytes(), "login", "-u",
                    LocalRegistry.USER, "--password-stdin", registry.host());
            assertThat(login.out()).as(login.toString()).contains("Login Succeeded");
            Path stored = base.resolve("berth-config/config.json");
            assertThat(Files.readString(stored)).contains(registry.host()).doesNotContain(LocalRegistry.PASSWORD);

            ok("push", name);
            ok("rmi", name);
            ok("pull", name);
            assertThat(berthd.log()).doesNotContain(LocalRegistry.PASSWORD);
            assertThat(ok("logout", registry.host()).out()).contains("Removing login credentials for " + registry.host());
            BerthdProcess.Result after = berthd.berth("pull", registry.host() + "/private/busybox:other");
            assertThat(after.err()).contains("refused access without credentials");
        }
    }

    @Test
    void theDockerCliPushesAndPullsThroughBerthd() throws Exception {
        assumeThat(BerthdProcess.DOCKER_CLI).as("the docker CLI is not installed").isExecutable();
        try (LocalRegistry registry = LocalRegistry.open(base.resolve("docker-cli"))) {
            String name = registry.host() + "/docker/cli:1";
            ok("tag", "busybox", name);
            String pushed = dockerCli("push", name);
            assertThat(pushed).contains("1: digest: sha256:");
            String pulled = dockerCli("pull", name);
            assertThat(pulled).contains("Status: Image is up to date for " + name);
            String fresh = dockerCli("pull", registry.host() + "/docker/cli@" + pushed.replaceAll("(?s).*digest: (sha256:[0-9a-f]{64}).*", "$1"));
            assertThat(fresh).contains("Digest: sha256:");
        }
    }

    @Test
    void pullsAndPushesRecordRepoDigestsThatNameAndUntagTheImage() throws Exception {
        assumeThat(BerthdProcess.DOCKER_CLI).as("the docker CLI is not installed").isExecutable();
        try (LocalRegistry registry = LocalRegistry.open(base.resolve("digests"))) {
            String repo = registry.host() + "/digests/bb";
            dockerCli("tag", "busybox", repo + ":1");
            String digest = dockerCli("push", repo + ":1").replaceAll("(?s).*digest: (sha256:[0-9a-f]{64}).*", "$1");
            String byDigest = repo + "@" + digest;
            assertThat(repoDigests(repo + ":1")).contains(byDigest);
            assertThat(dockerCli("images", "--digests", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}", repo).strip())
                    .isEqualTo(repo + " 1 " + digest);
            assertThat(berthd.ok("images", "--digests", "--filter", "reference=" + repo, "--format",
                    "{{.Repository}} {{.Tag}} {{.Digest}}").strip())
                    .as("berth's own CLI").isEqualTo(repo + " 1 " + digest);
            assertThat(dockerCli("run", "--rm", "--pull=never", byDigest, "echo", "by digest")).isEqualTo("by digest\n");

            assertThat(dockerCli("rmi", repo + ":1").lines().toList()).as("the repository's last tag takes its digest along")
                    .containsExactly("Untagged: " + repo + ":1", "Untagged: " + byDigest);
            assertThat(repoDigests("busybox")).doesNotContain(byDigest);
            assertThat(dockerCli("pull", repo + ":1")).contains("Digest: " + digest);
            assertThat(repoDigests(repo + ":1")).contains(byDigest);
            assertThat(dockerCli("rmi", byDigest).strip()).isEqualTo("Untagged: " + byDigest);
            assertThat(repoDigests(repo + ":1")).doesNotContain(byDigest);
            assertThat(dockerCli("inspect", "-f", "{{range .RepoTags}}{{println .}}{{end}}", "busybox").lines()).contains(repo + ":1");
            dockerCli("rmi", repo + ":1");
        }
    }

    @Test
    void pushingWhatIsNotStoredFailsInTheStreamAsDockerdDoes() throws Exception {
        assumeThat(BerthdProcess.DOCKER_CLI).as("the docker CLI is not installed").isExecutable();
        try (LocalRegistry registry = LocalRegistry.open(base.resolve("missing"))) {
            String repo = registry.host() + "/missing/bb";
            BerthdProcess.Result none = berthd.docker("push", repo + ":1");
            assertThat(none.exit()).isEqualTo(1);
            assertThat(none.out()).isEqualTo("The push refers to repository [" + repo + "]\n");
            assertThat(none.err()).isEqualTo("An image does not exist locally with the tag: " + repo + "\n");
            dockerCli("tag", "busybox", repo + ":1");
            BerthdProcess.Result otherTag = berthd.docker("push", repo + ":2");
            assertThat(otherTag.exit()).isEqualTo(1);
            assertThat(otherTag.err()).isEqualTo("tag does not exist: " + repo + ":2\n");
            dockerCli("rmi", repo + ":1");
        }
    }

    private static List<String> repoDigests(String image) throws Exception {
        return dockerCli("inspect", "-f", "{{range .RepoDigests}}{{println .}}{{end}}", image).lines().toList();
    }

    private static String dockerCli(String... args) throws Exception {
        BerthdProcess.Result r = berthd.docker(args);
        assertThat(r.exit()).as("docker " + String.join(" ", args) + ": " + r).isZero();
        return r.out();
    }

    private static BerthdProcess.Result ok(String... args) throws Exception {
        BerthdProcess.Result r = berthd.berth(args);
        assertThat(r.exit()).as(String.join(" ", List.of(args)) + ": " + r).isZero();
        return r;
    }
}
