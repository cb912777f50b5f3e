package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code berth build} and Docker's own CLI against a real berthd: context tar, .dockerignore, streamed output, exit codes. */
class BuildIT extends DaemonIT {
    /** Shadows the frame's teardown to check the build directory too. */
    @AfterAll
    static void cleanUp() throws Exception {
        assertThat(BerthdProcess.tearDown(berthd, base)).as("left behind").isEmpty();
        assertThat(base.resolve("data/build")).isEmptyDirectory();
    }

    private static Path context(String name, String dockerfile) throws IOException {
        Path dir = Files.createDirectories(base.resolve(name));
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        return dir;
    }

    @Test
    void buildHonoursDockerignoreTagsAndTheImageRuns() throws Exception {
        Path ctx = context("app", """
                FROM busybox
                WORKDIR /app
                COPY . .
                RUN ls -A /app > /listing
                CMD ["cat", "/listing"]
                """);
        Files.writeString(ctx.resolve("keep.txt"), "keep");
        Files.writeString(ctx.resolve("secret.env"), "x");
        Files.createDirectories(ctx.resolve("logs"));
        Files.writeString(ctx.resolve("logs/a.log"), "x");
        Files.writeString(ctx.resolve("logs/important.log"), "x");
        Files.writeString(ctx.resolve(".dockerignore"), "*.env\nlogs\n!logs/important.log\n");

        BerthdProcess.Result built = berthd.berth("build", "-t", "app:1", ctx.toString());
        assertThat(built.exit()).as(built.toString()).isZero();
        assertThat(built.out()).startsWith("Sending build context to Docker daemon  ").contains("Step 1/5 : FROM busybox", "Successfully built ", "Successfully tagged app:1");

        BerthdProcess.Result run = berthd.berth("run", "--rm", "app:1");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(".dockerignore", "Dockerfile", "keep.txt", "logs");
        assertThat(berthd.berth("run", "--rm", "app:1", "ls", "/app/logs").out()).isEqualTo("important.log\n");

        BerthdProcess.Result quiet = berthd.berth("build", "-q", ctx.toString());
        assertThat(quiet.out()).matches("sha256:[0-9a-f]{64}\n");

        BerthdProcess.Result history = berthd.berth("history", "--no-trunc", "app:1");
        assertThat(history.out()).as(history.toString()).contains("IMAGE", "CREATED BY", "/bin/sh -c ls -A /app > /listing", "#(nop) WORKDIR /app");
        String listingRow = history.out().lines().filter(l -> l.contains("ls -A /app")).findFirst().orElseThrow();
        assertThat(listingRow).as("the RUN layer's size").containsPattern("\\s[1-9][0-9.]*k?B\\s");
    }

    @Test
    void aFailingRunExitsWithItsCodeAndKeepsTheTag() throws Exception {
        Path ok = context("ok", "FROM busybox\nLABEL v=1\n");
        assertThat(berthd.berth("build", "-t", "keep:me", ok.toString()).exit()).isZero();
        String before = berthd.berth("image", "inspect", "--format", "{{.Id}}", "keep:me").out();

        Path bad = context("bad", "FROM busybox\nRUN echo about to fail && exit 7\n");
        BerthdProcess.Result failed = berthd.berth("build", "-t", "keep:me", bad.toString());
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(7);
        assertThat(failed.out()).contains("about to fail");
        assertThat(failed.err()).contains("The command '/bin/sh -c echo about to fail && exit 7' returned a non-zero code: 7");
        assertThat(berthd.berth("image", "inspect", "--format", "{{.Id}}", "keep:me").out()).isEqualTo(before);

        Path typo = context("typo", "FROM busybox\nRUNN true\n");
        BerthdProcess.Result parse = berthd.berth("build", typo.toString());
        assertThat(parse.exit()).isEqualTo(1);
        assertThat(parse.err()).contains("Dockerfile line 2: unknown instruction: RUNN");
    }

    @Test
    void aDockerfileFromStdinOrOutsideTheContext() throws Exception {
        BerthdProcess.Result stdin = berthd.berthWithInput("FROM busybox\nRUN echo from stdin\n".getBytes(), "build", "-");
        assertThat(stdin.exit()).as(stdin.toString()).isZero();
        assertThat(stdin.out()).contains("from stdin");

        Path ctx = Files.createDirectories(base.resolve("outside/ctx"));
        Files.writeString(ctx.resolve("data.txt"), "data");
        Path dockerfile = Files.writeString(base.resolve("outside/Build.dockerfile"), "FROM busybox\nCOPY data.txt /\n");
        BerthdProcess.Result built = berthd.berth("build", "-f", dockerfile.toString(), "-t", "outside", ctx.toString());
        assertThat(built.exit()).as(built.toString()).isZero();
        assertThat(berthd.berth("run", "--rm", "outside", "cat", "/data.txt").out()).isEqualTo("data");

        BerthdProcess.Result fromStdin = berthd.berthWithInput("FROM busybox\nCOPY data.txt /piped.txt\n".getBytes(),
                "build", "-f", "-", "-t", "piped", ctx.toString());
        assertThat(fromStdin.exit()).as(fromStdin.toString()).isZero();
        assertThat(berthd.berth("run", "--rm", "piped", "cat", "/piped.txt").out()).isEqualTo("data");
    }

    @Test
    void commitTurnsAContainersChangesIntoAnImage() throws Exception {
        BerthdProcess.Result run = berthd.berth("run", "--name", "tocommit", "-e", "GREETING=hi", "-w", "/work", "busybox",
                "sh", "-c", "echo changed > /work/file && rm -rf /home");
        assertThat(run.exit()).as(run.toString()).isZero();
        BerthdProcess.Result commit = berthd.berth("commit", "-m", "by test", "tocommit", "committed:v1");
        assertThat(commit.exit()).as(commit.toString()).isZero();
        assertThat(commit.out()).matches("sha256:[0-9a-f]{64}\n");
        BerthdProcess.Result check = berthd.berth("run", "--rm", "--entrypoint", "sh", "committed:v1", "-c",
                "cat file; echo $GREETING; pwd; ls -d /home 2>&1 || true");
        assertThat(check.out()).isEqualTo("changed\nhi\n/work\nls: /home: No such file or directory\n");
        assertThat(berthd.berth("history", "--no-trunc", "committed:v1").out()).contains("by test");
        berthd.berth("rm", "tocommit");

        assertThat(berthd.berth("run", "-d", "--name", "live", "busybox", "sh", "-c", "echo live > /live; sleep 300").exit()).isZero();
        BerthdProcess.Result liveCommit = null;
        for (int i = 0; i < 50 && (liveCommit == null || !berthd.berth("run", "--rm", "live:v1", "cat", "/live").out().equals("live\n")); i++) {
            liveCommit = berthd.berth("commit", "live", "live:v1"); // until the container has written its file
        }
        assertThat(liveCommit.exit()).as(liveCommit.toString()).isZero();
        assertThat(berthd.berth("run", "--rm", "live:v1", "cat", "/live").out()).isEqualTo("live\n");
        assertThat(berthd.berth("inspect", "--format", "{{.State.Status}}", "live").out()).as("unpaused after the commit")
                .isEqualTo("running\n");
        berthd.berth("rm", "-f", "live");
    }

    @Test
    void commitChangesSetTheConfigAsDockerCommitDashCDoes() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BerthdProcess.DOCKER_CLI), "needs the docker CLI");
        berthd.dockerOk("run", "-d", "--name", "changed", "-e", "GREETING=hi", "busybox", "sleep", "300");
        String id = berthd.dockerOk("commit", "-c", "CMD [\"sh\", \"-c\", \"echo $GREETING $EXTRA from $(pwd) as $(id -u)\"]",
                "--change", "ENV EXTRA=${GREETING}-too", "-c", "WORKDIR /srv", "-c", "USER 1000", "-c", "EXPOSE 8080",
                "-c", "LABEL stage=committed", "-c", "VOLUME /data", "-c", "ONBUILD RUN true", "changed", "changes:1").strip();
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        assertThat(berthd.dockerOk("run", "--rm", "changes:1")).isEqualTo("hi hi-too from /srv as 1000\n");
        assertThat(berthd.dockerOk("image", "inspect", "-f",
                "{{json .Config.ExposedPorts}} {{json .Config.Labels}} {{json .Config.Volumes}} {{json .Config.OnBuild}}", "changes:1").strip())
                .isEqualTo("{\"8080/tcp\":{}} {\"stage\":\"committed\"} {\"/data\":{}} [\"RUN true\"]");

        BerthdProcess.Result refused = berthd.docker("commit", "-c", "RUN touch /x", "changed", "changes:2");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("run is not a valid change command");
        assertThat(berthd.docker("image", "inspect", "changes:2").exit()).as("nothing committed").isNotZero();
        assertThat(berthd.dockerOk("inspect", "-f", "{{.State.Status}}", "changed").strip()).isEqualTo("running");
        berthd.ok("commit", "--change", "ENTRYPOINT [\"echo\", \"by berth\"]", "changed", "changes:3");
        assertThat(berthd.ok("run", "--rm", "changes:3")).as("berth's own CLI; the ENTRYPOINT resets the CMD").isEqualTo("by berth\n");
        berthd.dockerOk("rm", "-f", "changed");
        berthd.dockerOk("rmi", "changes:1", "changes:3");
    }

    @Test
    void dockersLegacyBuilderClientDrivesTheBuildEndpoint() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker")), "needs the docker CLI");
        Path ctx = context("docker", "FROM busybox\nARG MSG=unset\nRUN echo \"msg=$MSG\"\nCMD [\"true\"]\n");
        Path iid = base.resolve("docker.iid");
        ProcessBuilder pb = new ProcessBuilder("docker", "build", "--build-arg", "MSG=hi", "-t", "viadocker:1",
                "--iidfile", iid.toString(), ctx.toString()).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", "unix://" + berthd.socket);
        pb.environment().put("DOCKER_BUILDKIT", "0");
        pb.environment().put("DOCKER_CONFIG", Files.createDirectories(base.resolve("docker-config")).toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("msg=hi", "Successfully tagged viadocker:1");
        assertThat(Files.readString(iid)).matches("sha256:[0-9a-f]{64}");
        assertThat(berthd.berth("images", "--format", "{{.Repository}}:{{.Tag}}").out().lines().toList()).contains("viadocker:1");
        assertThat(List.of(berthd.berth("run", "--rm", "viadocker:1").exit())).containsExactly(0);
    }
}
