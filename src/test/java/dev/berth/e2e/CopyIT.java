package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import dev.berth.client.BerthClient;
import dev.berth.client.DaemonAddress;
import dev.berth.client.DaemonException;
import dev.berth.client.RequestBody;
import dev.berth.client.Response;
import dev.berth.common.Json;
import dev.berth.image.TestTars;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * {@code berth cp} and the real {@code docker cp} against berthd, both ways: files and directories, running and
 * stopped containers, into a volume, and the archive endpoint's errors (404 missing path, 400 into a file, a hostile
 * tar rejected with nothing written, a read-only volume).
 */
class CopyIT extends DaemonIT {


    @Test
    void berthCopiesFilesAndDirectoriesInAndOutOfRunningAndStoppedContainers() throws Exception {
        Path host = Files.createDirectories(base.resolve("host-berth"));
        Files.writeString(host.resolve("note.txt"), "a note");
        Path tree = Files.createDirectories(host.resolve("tree/sub"));
        Files.writeString(tree.resolve("leaf.txt"), "leaf");
        berth("run", "-d", "--name", "live", "-v", "cpdata:/data", "busybox", "sleep", "300");
        berth("create", "--name", "idle", "busybox", "true");

        for (String c : new String[] {"live", "idle"}) {
            berth("cp", host.resolve("note.txt").toString(), c + ":/tmp/");
            berth("cp", host.resolve("tree").toString(), c + ":/tmp/tree");
            berth("cp", host.resolve("tree").toString(), c + ":/tmp/tree"); // into the existing directory: inside it
            Path out = Files.createDirectories(base.resolve("out-" + c));
            berth("cp", c + ":/tmp/note.txt", out.resolve("renamed.txt").toString());
            berth("cp", c + ":/tmp/tree", out.toString());
            berth("cp", c + ":/tmp/tree/.", out.resolve("contents").toString());
            assertThat(out.resolve("renamed.txt")).hasContent("a note");
            assertThat(out.resolve("tree/sub/leaf.txt")).hasContent("leaf");
            assertThat(out.resolve("tree/tree/sub/leaf.txt")).as("the second copy went inside").hasContent("leaf");
            assertThat(out.resolve("contents/sub/leaf.txt")).hasContent("leaf");
        }
        assertThat(berth("exec", "live", "cat", "/tmp/note.txt", "/tmp/tree/sub/leaf.txt")).isEqualTo("a noteleaf");
        berth("exec", "live", "ln", "-s", "/tmp/note.txt", "/tmp/link");
        Path links = Files.createDirectories(base.resolve("links"));
        berth("cp", "live:/tmp/link", links.toString());
        berth("cp", "-L", "live:/tmp/link", links.resolve("followed").toString());
        assertThat(Files.readSymbolicLink(links.resolve("link"))).as("copied as the link").isEqualTo(Path.of("/tmp/note.txt"));
        assertThat(links.resolve("followed")).as("-L copies what it points to").hasContent("a note");

        berth("cp", host.resolve("note.txt").toString(), "live:/data/");
        assertThat(berth("volume", "inspect", "-f", "{{.Mountpoint}}", "cpdata").strip()).satisfies(mountpoint ->
                assertThat(Path.of(mountpoint, "note.txt")).hasContent("a note"));
        berth("cp", "idle:/etc/passwd", "-"); // a tar on stdout
        assertThat(berth("cp", "live:/data/note.txt", "-")).contains("note.txt", "a note");
        BerthdProcess.Result in = berthd.berthWithInput(new TestTars().file("piped.txt", "piped").build(), "cp", "-", "idle:/");
        assertThat(in.exit()).as(in.toString()).isZero();
        berth("cp", "idle:/piped.txt", host.toString());
        assertThat(host.resolve("piped.txt")).hasContent("piped");

        BerthdProcess.Result missing = berthd.berth("cp", "idle:/no/such", host.toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("No such container:path: idle:/no/such");
        berth("rm", "-f", "live", "idle");
        berth("volume", "rm", "cpdata");
    }

    @Test
    void dockerCpWorksBothWays() throws Exception {
        assumeThat(BerthdProcess.DOCKER_CLI).as("the docker CLI is not installed").isExecutable();
        Path host = Files.createDirectories(base.resolve("host-docker"));
        Files.writeString(host.resolve("f.txt"), "from the host");
        docker("run", "-d", "--name", "dk", "busybox", "sleep", "300");
        docker("cp", host.resolve("f.txt").toString(), "dk:/tmp/");
        assertThat(docker("exec", "dk", "cat", "/tmp/f.txt")).isEqualTo("from the host");
        docker("cp", "dk:/etc/hostname", host.toString());
        assertThat(host.resolve("hostname")).content().startsWith(docker("inspect", "-f", "{{.Id}}", "dk").substring(0, 12));
        docker("exec", "dk", "sh", "-c", "mkdir -p /srv/d && echo deep > /srv/d/x");
        docker("stop", "-t", "1", "dk");
        docker("cp", "dk:/srv/d", host.toString());
        assertThat(host.resolve("d/x")).hasContent("deep\n");
        BerthdProcess.Result missing = berthd.docker("cp", "dk:/nope", host.toString());
        assertThat(missing.exit()).isNotZero();
        docker("rm", "dk");
    }

    @Test
    void theArchiveEndpointAnswersAsDockerDoes() throws Exception {
        berth("create", "--name", "raw", "-v", "cpro:/ro:ro", "busybox", "true");
        try (BerthClient client = new BerthClient(new DaemonAddress(berthd.socket))) {
            try (Response head = client.send("HEAD", archive("/etc"), RequestBody.empty())) {
                JsonNode stat = Json.parse(Base64.getDecoder().decode(head.head().header("X-Docker-Container-Path-Stat").orElseThrow()),
                        JsonNode.class, "stat");
                assertThat(stat.path("name").asText()).isEqualTo("etc");
                assertThat(stat.path("mode").asLong() & (1L << 31)).as("a directory in Go's FileMode").isNotZero();
            }
            assertThatThrownBy(() -> client.send("GET", archive("/no/such"), RequestBody.empty()))
                    .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.status()).isEqualTo(404))
                    .hasMessageContaining("Could not find the file /no/such in container raw");
            assertThatThrownBy(() -> put(client, "/etc/passwd", new TestTars().file("x", "x").build()))
                    .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.status()).isEqualTo(400))
                    .hasMessageContaining("not a directory");
            assertThatThrownBy(() -> put(client, "/tmp", new TestTars().file("good.txt", "first").file("../evil.txt", "x").build()))
                    .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.status()).isEqualTo(400))
                    .hasMessageContaining("../evil.txt");
            assertThatThrownBy(() -> put(client, "/ro", new TestTars().file("x", "x").build()))
                    .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.status()).isEqualTo(400))
                    .hasMessageContaining("mounted volume is marked read-only");
        }
        BerthdProcess.Result good = berthd.berth("cp", "raw:/tmp/good.txt", base.toString());
        assertThat(good.exit()).as("nothing of the hostile tar was written").isNotZero();
        BerthdProcess.Result evil = berthd.berth("cp", "raw:/evil.txt", base.toString());
        assertThat(evil.exit()).isNotZero();
        berth("rm", "raw");
        berth("volume", "rm", "cpro");
    }

    private static ApiPath archive(String path) {
        return ApiPath.of("/containers/raw/archive").param("path", path);
    }

    private static void put(BerthClient client, String directory, byte[] tar) {
        try (Response r = client.send("PUT", ApiPath.of("/containers/raw/archive").param("path", directory),
                RequestBody.tar(new ByteArrayInputStream(tar), OptionalLong.of(tar.length)))) {
            assertThat(r.status()).isEqualTo(200);
        }
    }

    private static String berth(String... args) throws Exception {
        BerthdProcess.Result r = berthd.berth(args);
        assertThat(r.exit()).as("berth " + String.join(" ", args) + ": " + r).isZero();
        return r.out();
    }

    private static String docker(String... args) throws Exception {
        BerthdProcess.Result r = berthd.docker(args);
        assertThat(r.exit()).as("docker " + String.join(" ", args) + ": " + r).isZero();
        return r.out();
    }
}
