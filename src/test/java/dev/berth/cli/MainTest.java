package dev.berth.cli;

import static dev.berth.client.WireTestData.concat;
import static dev.berth.client.WireTestData.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.FakeDaemon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's request sequences and exit codes against a scripted daemon on a unix socket. */
class MainTest {
    @TempDir
    Path dir;

    private FakeDaemon daemon;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        daemon = new FakeDaemon(dir);
    }

    @AfterEach
    void stop() throws IOException {
        daemon.close();
    }

    private int berth(String... args) {
        return Main.run(args, Map.of("BERTH_HOST", daemon.host()), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void runInTheForegroundAttachesWaitsStartsAndExitsWithTheContainersStatus() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch exited = new CountDownLatch(1);
        daemon.json("POST", "/containers/create", 201, "{\"Id\":\"c1\",\"Warnings\":[]}")
                .on("POST", "/containers/c1/attach", (r, in, o) -> {
                    o.write(("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
                            + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    o.flush();
                    await(started);
                    o.write(concat(frame(1, "hi\n"), frame(2, "oops\n")));
                    o.flush();
                    exited.countDown();
                })
                .on("POST", "/containers/c1/wait", (r, in, o) -> {
                    o.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    o.flush();
                    await(exited);
                    String body = "{\"StatusCode\":3,\"Error\":null}\n";
                    o.write((Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                })
                .on("POST", "/containers/c1/start", (r, in, o) -> {
                    o.write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    o.flush();
                    started.countDown();
                });

        int exit = berth("run", "--rm", "--name", "job", "busybox", "sh", "-c", "exit 3");

        assertThat(exit).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hi\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("oops\n");
        assertThat(daemon.requests()).extracting(FakeDaemon.Request::target).containsExactly(
                "/v1.50/containers/create?name=job",
                "/v1.50/containers/c1/attach?stream=1&stdout=1&stderr=1",
                "/v1.50/containers/c1/wait?condition=next-exit",
                "/v1.50/containers/c1/start");
        assertThat(daemon.requests().getFirst().bodyText()).contains("\"AutoRemove\":true", "\"Cmd\":[\"sh\",\"-c\",\"exit 3\"]");
    }

    @Test
    void aCommandThatCannotBeFoundExits127AndLeavesRemovingTheRmContainerToTheDaemon() {
        daemon.json("POST", "/containers/create", 201, "{\"Id\":\"c1\",\"Warnings\":[]}")
                .on("POST", "/containers/c1/attach", (r, in, o) -> o.write(
                        "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1)))
                .on("POST", "/containers/c1/wait", (r, in, o) -> o.write(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1)))
                .json("POST", "/containers/c1/start", 500,
                        "{\"message\":\"exec: \\\"nope\\\": executable file not found in $PATH\"}");

        assertThat(berth("run", "--rm", "busybox", "nope")).isEqualTo(127);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("Error response from daemon: exec: \"nope\": executable file not found in $PATH\n");
        assertThat(daemon.requests()).as("berthd removes a --rm container that could not start, as dockerd does")
                .noneMatch(r -> r.method().equals("DELETE"));
    }

    @Test
    void detachedRunPrintsTheId() {
        daemon.json("POST", "/containers/create", 201, "{\"Id\":\"c1full\",\"Warnings\":[\"no bridge yet\"]}")
                .on("POST", "/containers/c1full/start", (r, in, o) -> o.write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(berth("run", "-d", "busybox", "sleep", "60")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("c1full\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("WARNING: no bridge yet\n");
        assertThat(daemon.requests().getFirst().bodyText()).contains("\"AttachStdout\":false");
    }

    @Test
    void stopTreatsNotModifiedAsDoneAndReportsEachFailure() {
        daemon.on("POST", "/containers/web/stop", (r, in, o) -> o.write("HTTP/1.1 304 Not Modified\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)))
                .json("POST", "/containers/nope/stop", 404, "{\"message\":\"No such container: nope\"}");
        assertThat(berth("stop", "-t", "5", "web", "nope")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("web\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Error response from daemon: No such container: nope\n");
        assertThat(daemon.requests().getFirst().target()).isEqualTo("/v1.50/containers/web/stop?t=5");
    }

    @Test
    void execRunsHijackedAndExitsWithTheExecsCode() {
        daemon.json("POST", "/containers/web/exec", 201, "{\"Id\":\"e1\"}")
                .on("POST", "/exec/e1/start", (r, in, o) -> {
                    o.write("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    o.write(frame(1, "1000\n"));
                })
                .json("GET", "/exec/e1/json", 200, "{\"ID\":\"e1\",\"Running\":false,\"ExitCode\":4}");
        assertThat(berth("exec", "-u", "1000", "-e", "A=1", "web", "id", "-u")).isEqualTo(4);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("1000\n");
        assertThat(daemon.requests().getFirst().bodyText()).isEqualTo(
                "{\"AttachStdin\":false,\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":false,\"Cmd\":[\"id\",\"-u\"],\"Env\":[\"A=1\"],\"User\":\"1000\"}");
        assertThat(daemon.requests().get(1).bodyText()).isEqualTo("{\"Detach\":false,\"Tty\":false}");
    }

    @Test
    void inspectFallsBackToImagesAndAppliesTemplates() {
        daemon.json("GET", "/containers/busybox/json", 404, "{\"message\":\"No such container: busybox\"}")
                .json("GET", "/images/busybox/json", 200, "{\"Id\":\"sha256:1\",\"Os\":\"linux\",\"Architecture\":\"amd64\"}");
        assertThat(berth("inspect", "-f", "{{.Os}}/{{.Architecture}}", "busybox")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("linux/amd64\n");
    }

    @Test
    void psAsJsonIsOneArrayAndFiltersAreEncoded() {
        daemon.json("GET", "/containers/json", 200, "[{\"Id\":\"c1\",\"Names\":[\"/web\"]}]");
        assertThat(berth("ps", "-a", "--filter", "status=exited", "--format", "json")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[{\"Id\":\"c1\",\"Names\":[\"/web\"]}]\n");
        assertThat(daemon.requests().getFirst().target())
                .isEqualTo("/v1.50/containers/json?all=1&filters=%7B%22status%22%3A%5B%22exited%22%5D%7D");
    }

    @Test
    void badFlagsExit125AndAnAbsentDaemonFailsTheCommand() throws IOException {
        assertThat(berth("run", "--no-such-flag", "busybox")).isEqualTo(125);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: '--no-such-flag'");
        daemon.close();
        err.reset();
        assertThat(berth("ps")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Cannot connect to the Berth daemon at unix://");
    }
}
