package dev.berth.client;

import static dev.berth.client.WireTestData.concat;
import static dev.berth.client.WireTestData.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import dev.berth.common.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BerthClientTest {
    @TempDir
    Path dir;

    private FakeDaemon daemon;
    private BerthClient client;

    @BeforeEach
    void start() throws IOException {
        daemon = new FakeDaemon(dir);
        client = new BerthClient(daemon.address());
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        daemon.close();
    }

    @Test
    void getsJsonOverAVersionedPath() {
        daemon.json("GET", "/containers/json", 200, "[{\"Id\":\"abc\"}]");
        JsonNode list = client.get(ApiPath.of("/containers/json").flag("all", true));
        assertThat(list.get(0).path("Id").asText()).isEqualTo("abc");
        FakeDaemon.Request request = daemon.requests().getFirst();
        assertThat(request.target()).isEqualTo("/v1.50/containers/json?all=1");
        assertThat(request.headers()).containsEntry("Host", "berth").containsKey("User-Agent");
    }

    @Test
    void nativeBerthPathsAreNotVersioned() {
        daemon.json("POST", "/berth/v1/images/bootstrap", 200, "{\"Id\":\"sha256:1\"}");
        client.post(ApiPath.of("/berth/v1/images/bootstrap").param("name", "busybox"));
        assertThat(daemon.requests().getFirst().target()).isEqualTo("/berth/v1/images/bootstrap?name=busybox");
    }

    @Test
    void postsJsonBodiesWithContentLength() {
        daemon.json("POST", "/containers/create", 201, "{\"Id\":\"c1\",\"Warnings\":[]}");
        JsonNode created = client.post(ApiPath.of("/containers/create").param("name", "web"), Json.object().put("Image", "busybox"));
        assertThat(created.path("Id").asText()).isEqualTo("c1");
        FakeDaemon.Request request = daemon.requests().getFirst();
        assertThat(request.headers()).containsEntry("Content-Type", "application/json");
        assertThat(request.bodyText()).isEqualTo("{\"Image\":\"busybox\"}");
    }

    @Test
    void errorStatusesCarryTheDaemonsMessageAndKind() {
        daemon.json("GET", "/containers/nope/json", 404, "{\"message\":\"No such container: nope\"}");
        daemon.json("POST", "/containers/web/start", 304, "");
        daemon.on("DELETE", "/containers/web", (r, in, out) ->
                FakeDaemon.respond(out, 500, "text/plain", "runc exploded".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> client.get(ApiPath.of("/containers/%s/json", "nope")))
                .isInstanceOfSatisfying(DaemonException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).isEqualTo("No such container: nope");
                });
        assertThatThrownBy(() -> client.post(ApiPath.of("/containers/%s/start", "web")))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_MODIFIED));
        assertThatThrownBy(() -> client.delete(ApiPath.of("/containers/%s", "web")))
                .isInstanceOfSatisfying(BerthException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
                    assertThat(e.getMessage()).isEqualTo("runc exploded");
                });
    }

    @Test
    void readsChunkedNdjsonStreamsAsTheyArrive() {
        daemon.on("POST", "/images/load", (r, in, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            for (String line : List.of("{\"stream\":\"Loaded image: a:1\\n\"}\n", "{\"stream\":\"Loaded image: b:2\\n\"}\n")) {
                out.write((Integer.toHexString(line.length()) + "\r\n" + line + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        });
        List<String> lines = new ArrayList<>();
        try (Response r = client.send("POST", ApiPath.of("/images/load"),
                RequestBody.tar(new ByteArrayInputStream("tar-bytes".getBytes(StandardCharsets.UTF_8)), OptionalLong.empty()))) {
            r.jsonLines(m -> lines.add(m.path("stream").asText()));
        }
        assertThat(lines).containsExactly("Loaded image: a:1\n", "Loaded image: b:2\n");
        FakeDaemon.Request request = daemon.requests().getFirst();
        assertThat(request.headers()).containsEntry("Transfer-Encoding", "chunked").containsEntry("Content-Type", "application/x-tar");
        assertThat(request.bodyText()).isEqualTo("tar-bytes");
    }

    @Test
    void anErrorMessageInsideAStreamEndsIt() {
        daemon.json("POST", "/images/create", 200, "{\"status\":\"working\"}\n{\"errorDetail\":{\"message\":\"bad tar\"},\"error\":\"bad tar\"}\n");
        try (Response r = client.send("POST", ApiPath.of("/images/create"), RequestBody.empty())) {
            assertThatThrownBy(() -> r.jsonLines(m -> { })).isInstanceOf(BerthException.class).hasMessage("bad tar");
        }
    }

    @Test
    void hijackGivesABidirectionalStreamWithHalfClose() throws IOException {
        daemon.on("POST", "/containers/c1/attach", (r, in, out) -> {
            out.write(("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(frame(2, "ready\n"));
            out.flush();
            // Echo stdin back as stdout until the client half-closes, then say goodbye: output after stdin EOF.
            byte[] stdin = in.readAllBytes();
            out.write(concat(frame(1, new String(stdin, StandardCharsets.UTF_8)), frame(1, "bye\n")));
            out.flush();
        });
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try (HijackedStream stream = client.hijack(ApiPath.of("/containers/%s/attach", "c1").flag("stdin", true), RequestBody.empty())) {
            assertThat(stream.isMultiplexed()).isTrue();
            OutputStream stdin = stream.output();
            stdin.write("hello\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            stream.closeWrite();
            MultiplexedStream.demux(stream.input(), stdout, stderr);
        }
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("hello\nbye\n");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo("ready\n");
        assertThat(daemon.requests().getFirst().headers()).containsEntry("Connection", "Upgrade").containsEntry("Upgrade", "tcp");
    }

    @Test
    void hijackRefusesAnAnswerThatIsNotAnUpgrade() {
        daemon.json("POST", "/exec/e1/start", 200, "");
        daemon.json("POST", "/exec/e2/start", 409, "{\"message\":\"container c1 is not running\"}");
        assertThatThrownBy(() -> client.hijack(ApiPath.of("/exec/%s/start", "e1"), RequestBody.empty()))
                .hasMessage("unable to upgrade to tcp, received 200");
        assertThatThrownBy(() -> client.hijack(ApiPath.of("/exec/%s/start", "e2"), RequestBody.empty()))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
    }

    @Test
    void responseHeadersArriveBeforeTheBody() throws Exception {
        java.util.concurrent.CountDownLatch exited = new java.util.concurrent.CountDownLatch(1);
        daemon.on("POST", "/containers/c1/wait", (r, in, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try {
                exited.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String body = "{\"StatusCode\":3}";
            out.write((Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        });
        try (Response wait = client.send("POST", ApiPath.of("/containers/%s/wait", "c1").param("condition", "next-exit"), RequestBody.empty())) {
            assertThat(wait.status()).isEqualTo(200);
            exited.countDown();
            assertThat(wait.json().path("StatusCode").asInt()).isEqualTo(3);
        }
    }

    @Test
    void aMissingSocketSaysHowToStartTheDaemon() {
        BerthClient nowhere = new BerthClient(new DaemonAddress(dir.resolve("absent.sock")));
        assertThatThrownBy(() -> nowhere.get(ApiPath.of("/version")))
                .isInstanceOf(BerthException.class)
                .hasMessage("Cannot connect to the Berth daemon at unix://" + dir.resolve("absent.sock")
                        + ". Is berthd running? (start it with bin/berthd)");
    }
}
