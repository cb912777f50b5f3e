package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Testcontainers-java drives berthd unchanged: a {@code GenericContainer} on the bootstrapped busybox image with
 * an exposed port, log-message and listening-port wait strategies, files copied in before start, and exec. Ryuk
 * is off (see the surefire configuration): its image cannot be pulled here, so the containers are closed by the
 * test, and the daemon's teardown checks that none is left.
 */
class TestcontainersIT extends DaemonIT {

    /**
     * Points Testcontainers at this class's berthd through a {@code .testcontainers.properties} in a home of the
     * test's own: Testcontainers reads {@code docker.host} from the environment or that file only, and reads the
     * file's place once, when its configuration class loads. The JVM's real home is restored at once.
     */
    @BeforeAll
    static void pointTestcontainersAtBerthd() throws Exception {
        Path home = Files.createDirectories(base.resolve("tc-home"));
        Files.writeString(home.resolve(".testcontainers.properties"), "docker.host=unix://" + berthd.socket + "\n");
        String realHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            TestcontainersConfiguration.getInstance();
        } finally {
            System.setProperty("user.home", realHome);
        }
        assertThat(DockerClientFactory.instance().isDockerAvailable()).as("Testcontainers reaches berthd").isTrue();
        assertThat(DockerClientFactory.instance().getActiveApiVersion()).isNotEmpty();
    }

    @Test
    void servesAnExposedPortOnceTheLogAndThePortSayItIsUp() throws Exception {
        try (var web = new GenericContainer<>("busybox")
                .withCopyToContainer(Transferable.of("served by busybox"), "/www/index.html")
                .withCommand("sh", "-c", "echo ready to serve; exec httpd -f -v -p 8080 -h /www")
                .withExposedPorts(8080)
                .waitingFor(Wait.forLogMessage(".*ready to serve.*\\n", 1))) {
            web.start();
            Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(30)).waitUntilReady(web);
            assertThat(get(web.getHost(), web.getMappedPort(8080))).isEqualTo("served by busybox");
        }
    }

    @Test
    void waitsForTheListeningPortByDefaultAndExecsInTheContainer() throws Exception {
        Path file = Files.writeString(base.resolve("copied.txt"), "copied from the host");
        try (var box = new GenericContainer<>("busybox")
                .withCommand("sh", "-c", "sleep 1; exec httpd -f -p 7000 -h /tmp")
                .withExposedPorts(7000)
                .waitingFor(Wait.forListeningPort())) {
            box.start();
            box.copyFileToContainer(MountableFile.forHostPath(file), "/tmp/copied.txt");
            var result = box.execInContainer("sh", "-c", "cat /tmp/copied.txt; echo err >&2; exit 3");
            assertThat(result.getStdout()).isEqualTo("copied from the host");
            assertThat(result.getStderr()).isEqualTo("err\n");
            assertThat(result.getExitCode()).isEqualTo(3);
            String copiedBack = box.copyFileFromContainer("/tmp/copied.txt", in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(copiedBack).isEqualTo("copied from the host");
            assertThat(box.getContainerInfo().getConfig().getLabels()).containsEntry("org.testcontainers", "true");
        }
    }

    @Test
    void readsTheLogsOfAContainer() {
        try (var box = new GenericContainer<>("busybox")
                .withCommand("sh", "-c", "echo to stdout; echo to stderr >&2; sleep 300")
                .waitingFor(Wait.forLogMessage(".*to stderr.*\\n", 1))) {
            box.start();
            assertThat(box.getLogs()).contains("to stdout\n", "to stderr\n");
        }
    }

    private static String get(String host, int port) throws Exception {
        try (var s = new Socket(host, port)) {
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }
}
