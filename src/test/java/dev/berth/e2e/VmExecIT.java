package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code exec} into VMs through the guest agent, on a real berthd with real QEMU (TCG here): output, exit code, env,
 * user, workdir and stdin as for containers, execs side by side, health checks probing a VM, clear errors for what
 * cannot be, and nothing left of an exec or its VM after rm.
 */
@Tag("qemu")
class VmExecIT extends DaemonIT {
    @BeforeAll
    static void bootAVm() throws Exception {
        VmIT.assumeVmsCanRun();
        berthd.ok("run", "-d", "--isolation", "vm", "--name", "vm-exec", "busybox", "sleep", "600");
    }

    @Test
    void execSeparatesStdoutFromStderrAndReturnsTheExitCode() throws Exception {
        BerthdProcess.Result r = berthd.berth("exec", "vm-exec", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("err\n");
        assertThat(berthd.berth("exec", "vm-exec", "no-such-command").exit()).isEqualTo(127);
    }

    @Test
    void topListsTheGuestsProcessesAndDockerTopToo() throws Exception {
        String top = berthd.ok("top", "vm-exec");
        assertThat(top.lines().findFirst().orElse("")).containsPattern("UID +PID +PPID +STAT +CMD");
        assertThat(top).containsPattern("(?m)^0 +\\d+ +1 +[A-Z]+ +sleep 600$").doesNotContain("kthreadd", "/init", "/berth/run");
        assertThat(berthd.dockerOk("top", "vm-exec")).contains("sleep 600");
    }

    @Test
    void execHonoursEnvUserAndWorkdirAndKeepsNewlinesInArguments() throws Exception {
        BerthdProcess.Result r = berthd.berth("exec", "-e", "GREETING=hi there", "-u", "1000:1001", "-w", "/tmp", "vm-exec",
                "sh", "-c", "echo \"$GREETING\" $(id -u):$(id -g) $(pwd)\necho \"it's\" second");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("hi there 1000:1001 /tmp\nit's second\n");
        assertThat(berthd.ok("exec", "-e", "LINES=a\nb", "vm-exec", "sh", "-c", "echo \"$LINES\"")).isEqualTo("a\nb\n");
    }

    @Test
    void execWithStdinGetsEveryByteAndItsEnd() throws Exception {
        byte[] input = new byte[200_000];
        new Random(7).nextBytes(input);
        BerthdProcess.Result r = berthd.berthWithInput(input, "exec", "-i", "vm-exec", "md5sum");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(input)) + "  -\n");
        assertThat(berthd.ok("exec", "vm-exec", "sh", "-c", "cat; echo no stdin")).isEqualTo("no stdin\n");
    }

    /** Each waits for the other's file, so they pass only when they run at the same time. */
    @Test
    void twoExecsRunSideBySide() throws Exception {
        String wait = "touch /tmp/%s; i=0; while [ ! -e /tmp/%s ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; [ -e /tmp/%s ] && echo %s";
        CompletableFuture<BerthdProcess.Result> first = run("exec", "vm-exec", "sh", "-c", wait.formatted("a", "b", "b", "first"));
        BerthdProcess.Result second = berthd.berth("exec", "vm-exec", "sh", "-c", wait.formatted("b", "a", "a", "second"));
        assertThat(second.out()).as(second.toString()).isEqualTo("second\n");
        assertThat(first.join().out()).as(first.join().toString()).isEqualTo("first\n");
    }

    @Test
    void execWithATerminalIsAClearError() throws Exception {
        BerthdProcess.Result r = berthd.berth("exec", "-t", "vm-exec", "true");
        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.err()).contains("exec -t into VMs is not supported yet");
    }

    @Test
    void theDockerCliExecsIntoAVm() throws Exception {
        BerthdProcess.Result r = berthd.docker("exec", "vm-exec", "sh", "-c", "echo from docker; exit 4");
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.out()).isEqualTo("from docker\n");
    }

    @Test
    void aHealthCheckProbesTheVmAndAHungProbeIsKilled() throws Exception {
        berthd.ok("run", "-d", "--isolation", "vm", "--name", "vm-health", "--health-cmd", "test -f /tmp/ok", "--health-interval", "300ms",
                "--health-retries", "1", "busybox", "sleep", "600");
        awaitHealth("vm-health", "unhealthy");
        berthd.ok("exec", "vm-health", "touch", "/tmp/ok");
        awaitHealth("vm-health", "healthy");

        berthd.ok("run", "-d", "--isolation", "vm", "--name", "vm-hung", "--health-cmd", "sleep 4711", "--health-timeout", "500ms",
                "--health-interval", "300ms", "--health-retries", "1", "busybox", "sleep", "600");
        awaitHealth("vm-hung", "unhealthy");
        // A probe is killed before the next starts: after three, at most the running one is there.
        JsonNode health = awaitHealth("vm-hung", h -> h.path("Log").size() >= 3);
        assertThat(health.path("Log").get(0).path("Output").asText()).isEqualTo("Health check exceeded timeout (500ms)");
        assertThat(berthd.ok("exec", "vm-hung", "ps", "-o", "args").lines().filter(l -> l.equals("sleep 4711")).count())
                .isLessThanOrEqualTo(1);
        berthd.ok("rm", "-f", "vm-health", "vm-hung");
    }

    @Test
    void execIntoAStoppedVmIsAClearError() throws Exception {
        berthd.ok("run", "-d", "--isolation", "vm", "--name", "vm-stopped", "busybox", "true");
        assertThat(berthd.ok("wait", "vm-stopped")).isEqualTo("0\n");
        BerthdProcess.Result r = berthd.berth("exec", "vm-stopped", "true");
        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.err()).containsPattern("Container [0-9a-f]{64} is not running");
        berthd.ok("rm", "vm-stopped");
    }

    @Test
    void removingAVmEndsItsExecsAndLeavesNoProcessOrSocket() throws Exception {
        String id = berthd.ok("run", "-d", "--isolation", "vm", "--name", "vm-rm", "busybox", "sleep", "600").strip();
        long qemu = Long.parseLong(berthd.ok("inspect", "-f", "{{.State.Pid}}", id).strip());
        CompletableFuture<BerthdProcess.Result> exec = run("exec", "vm-rm", "sh", "-c", "echo started; sleep 300");
        awaitProcessInVm(id, "sleep 300");
        berthd.ok("rm", "-f", "vm-rm");
        assertThat(exec.join().exit()).as(exec.join().toString()).isEqualTo(137);
        assertThat(exec.join().out()).isEqualTo("started\n");
        assertThat(ProcessHandle.of(qemu).filter(ProcessHandle::isAlive)).as("QEMU of the removed VM").isEmpty();
        assertThat(entries(berthd.execRoot.resolve("vm/sock"))).as("sockets").noneMatch(p -> p.contains(id.substring(0, 16)));
        assertThat(VmIT.vmDirs(berthd)).noneMatch(p -> p.endsWith(id));
    }

    /** Waits until {@code command} runs in the VM, as its {@code ps} shows (through another exec). */
    private static void awaitProcessInVm(String id, String command) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (berthd.ok("exec", id, "ps", "-o", "args").lines().noneMatch(command::equals)) {
            assertThat(Instant.now()).as("%s to run in the VM", command).isBefore(deadline);
            BerthdProcess.pause(Duration.ofMillis(100));
        }
    }

    /** Waits until the health of {@code name} (State.Health) passes {@code condition}, and returns it. */
    private static JsonNode awaitHealth(String name, Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        JsonNode health = health(name);
        while (!condition.test(health)) {
            assertThat(Instant.now()).as("the health of %s; last seen %s", name, health).isBefore(deadline);
            BerthdProcess.pause(Duration.ofMillis(100));
            health = health(name);
        }
        return health;
    }

    private static JsonNode awaitHealth(String name, String status) throws Exception {
        return awaitHealth(name, h -> h.path("Status").asText().equals(status));
    }

    private static JsonNode health(String name) throws Exception {
        return Json.tree(berthd.ok("inspect", "-f", "{{json .State.Health}}", name).getBytes(StandardCharsets.UTF_8), "health");
    }

    private static CompletableFuture<BerthdProcess.Result> run(String... args) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return berthd.berth(args);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<String> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(Path::toString).toList();
        }
    }
}
