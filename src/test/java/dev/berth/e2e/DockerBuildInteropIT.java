package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same Dockerfiles built by Berth and by Docker's legacy builder (a private dockerd, {@code DOCKER_BUILDKIT=0})
 * on the same busybox image: the image configs must be equal, and so must the history, but for the content
 * hashes of COPY sources (Docker's tarsum) and the durations Docker's version prints for HEALTHCHECK.
 */
@Tag("root")
class DockerBuildInteropIT {
    private static final Path DOCKERD = Path.of("/usr/sbin/dockerd");
    private static final Map<String, String> CORPUS = new LinkedHashMap<>();

    static {
        CORPUS.put("every-instruction", """
                ARG BASE=busybox
                FROM ${BASE} AS base
                ARG VERSION=1.0
                ENV APP_HOME=/srv/app GREETING="hello world" PATH=/opt/bin:$PATH
                LABEL version=$VERSION maintainer="someone"
                WORKDIR $APP_HOME
                COPY a.txt ./
                COPY . /src/
                RUN echo "$VERSION" > v.txt
                USER 1000:1000
                EXPOSE 80 53/udp 8000-8001
                VOLUME /data ["/logs"]
                STOPSIGNAL SIGQUIT
                HEALTHCHECK --interval=5s --retries=2 CMD wget -q localhost || exit 1
                SHELL ["/bin/sh", "-ec"]
                ONBUILD RUN echo child
                ENTRYPOINT ["/bin/sh"]
                CMD echo hi
                """);
        CORPUS.put("legacy-forms-and-escapes", """
                FROM busybox
                ENV LEGACY value with  spaces
                ENV QUOTED="a \\"b\\"" ESCAPED=c\\ d FROM_OTHER=$LEGACY NOT=\\$HOME
                LABEL "com.example.key"="v 1" other=${UNSET:-fallback} plus=${LEGACY:+set}
                WORKDIR relative
                WORKDIR sub/../dir
                ARG NODEFAULT
                USER nobody
                EXPOSE 9000/tcp
                HEALTHCHECK NONE
                ENTRYPOINT exec echo
                """);
        CORPUS.put("multi-stage-to-scratch", """
                FROM busybox AS build
                RUN mkdir -p /out && echo built > /out/app
                FROM busybox AS unused
                RUN echo only the legacy builder builds unused stages > /unused
                FROM scratch
                COPY --from=build /out /
                ENTRYPOINT ["/app"]
                """);
        CORPUS.put("entrypoint-resets-inherited-cmd", """
                FROM busybox
                ENTRYPOINT ["echo"]
                """);
    }

    @TempDir
    static Path base;
    static BerthdProcess berthd;
    static Process dockerd;
    static List<Path> madeHere = new ArrayList<>();

    /** Paths a dockerd creates outside its own directories (run state, cgroups); removed again when this test made them. */
    private static List<Path> hostPaths() throws IOException {
        List<Path> paths = new ArrayList<>(List.of(Path.of("/run/docker"), Path.of("/run/containerd")));
        try (var controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
            controllers.forEach(c -> paths.add(c.resolve("docker")));
        }
        return paths;
    }

    private static final String DOCKER_BRIDGE = "dkt" + ProcessHandle.current().pid() % 100000;

    @BeforeAll
    static void startBothEngines() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run dockerd");
        Assumptions.assumeTrue(Files.isExecutable(DOCKERD), "needs dockerd (Debian's docker.io)");
        hostPaths().stream().filter(p -> !Files.exists(p)).forEach(madeHere::add);
        berthd = BerthdProcess.startWithBusybox(Files.createDirectories(base.resolve("berth")));
        Path archive = base.resolve("busybox.tar");
        assertThat(berthd.berth("save", "-o", archive.toString(), "busybox").exit()).isZero();
        Path d = Files.createDirectories(base.resolve("docker"));
        // dockerd gets a bridge of its own: with --bridge=none it would delete the host's docker0, if any.
        int n = new java.util.Random().nextInt(250);
        new ProcessBuilder("sh", "-c", "ip link add " + DOCKER_BRIDGE + " type bridge && ip addr add 10.252." + n + ".1/24 dev "
                + DOCKER_BRIDGE).inheritIO().start().waitFor();
        Files.createDirectories(d.resolve("config"));
        Files.writeString(d.resolve("daemon.json"), "{}");
        dockerd = new ProcessBuilder(DOCKERD.toString(), "--data-root", d.resolve("data").toString(), "--exec-root",
                d.resolve("exec").toString(), "--pidfile", d.resolve("dockerd.pid").toString(), "-H", "unix://" + d.resolve("docker.sock"),
                "--config-file", d.resolve("daemon.json").toString(), "--bridge", DOCKER_BRIDGE, "--iptables=false", "--ip6tables=false",
                "--ip-forward=false", "--ip-masq=false", "--userland-proxy=false")
                .redirectErrorStream(true).redirectOutput(d.resolve("dockerd.log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (docker("version").exit() != 0) {
            assertThat(Instant.now()).as("dockerd answers within 60 s: " + Files.readString(d.resolve("dockerd.log"))).isBefore(deadline);
            BerthdProcess.pause(java.time.Duration.ofMillis(200));
        }
        BerthdProcess.Result load = docker("load", "-i", archive.toString());
        assertThat(load.exit()).as(load.toString()).isZero();
    }

    @AfterAll
    static void stopBothEngines() throws Exception {
        if (dockerd != null) {
            dockerd.destroy();
            if (!dockerd.waitFor(60, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        new ProcessBuilder("ip", "link", "del", DOCKER_BRIDGE).inheritIO().start().waitFor();
        List<String> leftovers = new ArrayList<>(BerthdProcess.tearDown(berthd, base));
        for (Path path : madeHere) { // dockerd leaves empty run directories and cgroups behind
            if (Files.exists(path)) {
                try (var tree = Files.walk(path)) {
                    tree.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            if (Files.exists(path)) {
                leftovers.add(path.toString());
            }
        }
        assertThat(leftovers).as("left behind").isEmpty();
    }

    private static BerthdProcess.Result docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker", "-H", "unix://" + base.resolve("docker/docker.sock")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_BUILDKIT", "0");
        pb.environment().put("DOCKER_API_VERSION", "1.41"); // the CLI may be newer than Debian's dockerd
        pb.environment().put("DOCKER_CONFIG", base.resolve("docker/config").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[][] streams = new byte[2][];
        Thread err = Thread.ofVirtual().start(() -> streams[1] = readAll(p.getErrorStream()));
        streams[0] = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        err.join();
        return new BerthdProcess.Result(p.exitValue(), new String(streams[0], StandardCharsets.UTF_8), new String(streams[1], StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** COPY source hashes are Docker's tarsum there and a plain content hash here; Docker 20.10 prints four durations. */
    private static List<String> comparableHistory(String createdByLines) {
        return createdByLines.lines()
                .map(l -> l.replaceAll("(file|dir|multi):[0-9a-f]{64}", "$1:<hash>"))
                .map(l -> l.replaceAll("&\\{(\\[.*]) .* ('.*')}", "&{$1 $2}"))
                .toList();
    }

    /**
     * A config's settings: a member that is null or "" says "not set", whether a daemon sends it (dockerd up to API
     * 1.51 does) or leaves it out (the docker CLI's rendering does).
     */
    private static JsonNode settings(JsonNode config) {
        JsonNode copy = config.deepCopy();
        for (var it = copy.fields(); it.hasNext(); ) {
            JsonNode value = it.next().getValue();
            if (value.isNull() || value.isTextual() && value.asText().isEmpty()) {
                it.remove();
            }
        }
        return copy;
    }

    @Test
    void configsAndHistoriesMatchDockersLegacyBuilder() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        for (var entry : CORPUS.entrySet()) {
            String name = entry.getKey();
            Path ctx = Files.createDirectories(base.resolve("corpus").resolve(name));
            Files.writeString(ctx.resolve("Dockerfile"), entry.getValue());
            Files.writeString(ctx.resolve("a.txt"), "a\n");
            BerthdProcess.Result byDocker = docker("build", "--network", "none", "-t", name, ctx.toString());
            BerthdProcess.Result byBerth = berthd.berth("build", "--network", "none", "-t", name, ctx.toString());
            assertThat(byDocker.exit()).as(name + " by docker: " + byDocker).isZero();
            assertThat(byBerth.exit()).as(name + " by berth: " + byBerth).isZero();

            JsonNode dockerConfig = Json.tree(docker("image", "inspect", "--format", "{{json .Config}}", name).out().getBytes(), name);
            JsonNode berthConfig = Json.tree(berthd.berth("image", "inspect", "--format", "{{json .Config}}", name).out().getBytes(), name);
            assertThat(dockerConfig.isObject() && dockerConfig.has("Entrypoint")).as(name + ": docker's config " + dockerConfig).isTrue();
            soft.assertThat(settings(berthConfig)).as(name + ": config").isEqualTo(settings(dockerConfig));

            String format = "{{.CreatedBy}}";
            List<String> dockerHistory = comparableHistory(docker("history", "--no-trunc", "--format", format, name).out());
            assertThat(dockerHistory).as(name + ": docker's history").hasSizeGreaterThan(1);
            soft.assertThat(comparableHistory(berthd.berth("history", "--no-trunc", "--format", format, name).out()))
                    .as(name + ": history").isEqualTo(dockerHistory);
        }
        soft.assertAll();
    }
}
