package dev.berth.runtime.runc;

import dev.berth.common.HostCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import dev.berth.common.Ids;
import dev.berth.runtime.ContainerRuntime.ExitEvent;
import dev.berth.runtime.ContainerSpec;
import dev.berth.runtime.ContainerStatus;
import dev.berth.runtime.ExecProcess;
import dev.berth.runtime.ExecSpec;
import dev.berth.runtime.LogEntry;
import dev.berth.runtime.LogQuery;
import dev.berth.runtime.ProcessSpec;
import dev.berth.runtime.Resources;
import dev.berth.runtime.RuntimeState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real containers on real runc and conmon, with a busybox root file system built per test. */
@Tag("root")
class RuncRuntimeIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path temp;
    private Path rootfs;
    private RuncRuntime runtime;
    private final List<RuncRuntime> runtimes = new ArrayList<>();
    private final List<String> created = new ArrayList<>();

    @BeforeAll
    static void requireRootAndTools() {
        RuncHost.assumeContainersCanRun();
    }

    @BeforeEach
    void setUp() throws Exception {
        rootfs = busyboxRootfs(temp.resolve("rootfs"));
        runtime = open();
    }

    @AfterEach
    void tearDown() {
        for (String id : created) {
            if (runtime.list().contains(id)) {
                runtime.delete(id);
            }
        }
        runtimes.forEach(RuncRuntime::close);
    }

    @Test
    void echoWritesStdoutAndStderrToTheLog() throws IOException {
        String id = run(List.of("sh", "-c", "echo hi; echo oops >&2"), Resources.UNLIMITED, 0);

        assertThat(awaitExit(id).code()).isZero();
        List<LogEntry> entries;
        try (Stream<LogEntry> logs = runtime.logs(id, LogQuery.all())) {
            entries = logs.toList();
        }
        assertThat(entries).extracting(e -> e.stream() + ":" + new String(e.content(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("STDOUT:hi", "STDERR:oops");
    }

    @Test
    void followEndsWhenTheContainerExits() throws IOException {
        String id = run(List.of("sh", "-c", "for i in 1 2 3; do echo line$i; sleep 0.2; done"), Resources.UNLIMITED, 0);

        try (Stream<LogEntry> logs = runtime.logs(id, LogQuery.lines(Optional.empty(), Optional.empty(), Optional.of(1), true))) {
            assertThat(logs.map(e -> new String(e.content(), StandardCharsets.UTF_8)).toList())
                    .last().isEqualTo("line3");
        }
    }

    @Test
    void exitCodesAreReported() {
        String three = run(List.of("sh", "-c", "exit 3"), Resources.UNLIMITED, 0);
        String killed = run(List.of("sleep", "60"), Resources.UNLIMITED, 0);

        runtime.kill(killed, 9);

        assertThat(awaitExit(three).code()).isEqualTo(3);
        assertThat(awaitExit(killed).code()).isEqualTo(137);
        assertThat(awaitExit(killed).oomKilled()).isFalse();
    }

    @Test
    void missingExecutableFailsCreateWithRuncsWords() {
        ContainerSpec spec = spec(Ids.newId(), List.of("/no/such/program"), Resources.UNLIMITED, 0);
        created.add(spec.id());

        assertThatThrownBy(() -> runtime.create(spec))
                .isInstanceOf(BerthException.class)
                .hasMessageContaining("/no/such/program")
                .hasMessageContaining("no such file or directory");
        assertThat(runtime.list()).doesNotContain(spec.id());
    }

    @Test
    void memoryAndPidsLimitsAreApplied() throws Exception {
        String id = run(List.of("sleep", "60"), new Resources(64L << 20, 0, 500_000_000, 0, 42), 0);
        String cgroup = runtime.cgroupPath(id);

        assertThat(Files.readString(Path.of("/sys/fs/cgroup/memory", cgroup, "memory.limit_in_bytes")).strip())
                .isEqualTo(Long.toString(64L << 20));
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/pids", cgroup, "pids.max")).strip()).isEqualTo("42");
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/cpu", cgroup, "cpu.cfs_quota_us")).strip()).isEqualTo("50000");
        assertThat(execOutput(id, "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes")).isEqualTo(Long.toString(64L << 20) + "\n");
        assertThat(execOutput(id, "cat", "/sys/fs/cgroup/pids/pids.max")).isEqualTo("42\n");

        var stats = runtime.stats(id);
        assertThat(stats.memoryLimit()).isEqualTo(64L << 20);
        assertThat(stats.pids()).isGreaterThanOrEqualTo(1);
        assertThat(stats.cpuTotalNanos()).isPositive();
        assertThat(runtime.top(id)).hasSize(2).first().isEqualTo(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"));
        assertThat(runtime.top(id).get(1).get(7)).isEqualTo("sleep 60");
    }

    @Test
    void memoryHogIsOomKilled() {
        String id = run(List.of("sh", "-c", "x=$(head -c 67108864 /dev/zero | tr '\\0' a); sleep 1"),
                new Resources(16L << 20, 16L << 20, 0, 0, 0), 0);

        var exit = awaitExit(id);

        assertThat(exit.oomKilled()).isTrue();
        assertThat(exit.code()).isEqualTo(137);
    }

    @Test
    void runsAsTheGivenUser() {
        String id = run(List.of("sh", "-c", "id -u; id -g"), Resources.UNLIMITED, 1000);

        assertThat(awaitExit(id).code()).isZero();
        assertThat(logText(id)).isEqualTo("1000\n1000\n");
    }

    @Test
    void pauseAndResume() {
        String id = run(List.of("sleep", "60"), Resources.UNLIMITED, 0);

        runtime.pause(id);
        assertThat(runtime.state(id).status()).isEqualTo(ContainerStatus.PAUSED);
        runtime.resume(id);
        assertThat(runtime.state(id).status()).isEqualTo(ContainerStatus.RUNNING);
        assertThatThrownBy(() -> runtime.resume(id)).isInstanceOf(BerthException.class).hasMessageContaining("running");
    }

    @Test
    void execReturnsOutputAndExitCode() throws Exception {
        String id = run(List.of("sleep", "60"), Resources.UNLIMITED, 0);
        ProcessSpec process = new ProcessSpec(List.of("sh", "-c", "read x; echo got $x; echo err >&2; exit 7"),
                List.of("PATH=/bin"), "/", 0, 0, List.of(), false);

        try (ExecProcess exec = runtime.exec(id, new ExecSpec(process, true))) {
            assertThat(exec.pid()).isPositive();
            exec.stdin().write("value\n".getBytes(StandardCharsets.UTF_8));
            exec.stdin().close();
            assertThat(new String(exec.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("got value\n");
            assertThat(new String(exec.stderr().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("err\n");
            assertThat(exec.awaitExit(DEADLINE)).hasValue(7);
        }
    }

    /**
     * conmon (2.1.6 and upstream) uses a client's state after freeing it when writing output to that client has
     * failed before it reads the client's end of input: the container's stdin then stays open for good. Here
     * conmon is stopped while the container prints and the client ends its input, so that on waking it sends
     * the output first, as it did under load in issue 2.
     */
    @Test
    void endingAttachedStdinReachesTheContainerWhenOutputComesFirst() throws Exception {
        ContainerSpec spec = spec(Ids.newId(), List.of("sh", "-c",
                "read x; echo got:$x; while [ ! -e /tmp/go ]; do usleep 10000; done; echo late; exec cat"),
                Resources.UNLIMITED, 0, ContainerSpec.Stdin.ONCE);
        String id = start(spec);
        OutputStream stdin = runtime.attachStdin(id);
        stdin.write("a\n".getBytes(StandardCharsets.UTF_8));
        await(() -> logText(id).contains("got:a"), "conmon to accept the attach and pass input on");
        String conmonPid = Files.readString(temp.resolve("state/containers").resolve(id).resolve("conmon.pid")).strip();
        HostCommand.run(List.of("kill", "-STOP", conmonPid), DEADLINE);
        try {
            Files.createFile(rootfs.resolve("tmp/go"));
            Path comm = Path.of("/proc", Integer.toString(runtime.state(id).pid()), "comm");
            await(() -> readQuietly(comm).strip().equals("cat"), "the container to print and exec cat");
            stdin.close();
        } finally {
            HostCommand.run(List.of("kill", "-CONT", conmonPid), DEADLINE);
        }

        assertThat(awaitExit(id).code()).isZero();
        assertThat(logText(id)).isEqualTo("got:a\nlate\n");
    }

    @Test
    void aNewInstanceAdoptsRunningContainersAndReportsTheirExit() {
        String id = run(List.of("sleep", "60"), Resources.UNLIMITED, 0);
        String exitedMeanwhile = run(List.of("sh", "-c", "exit 5"), Resources.UNLIMITED, 0);
        awaitExit(exitedMeanwhile);
        runtime.close();

        RuncRuntime second = open();
        List<ExitEvent> events = new CopyOnWriteArrayList<>();
        second.onExit(events::add);

        assertThat(second.list()).contains(id, exitedMeanwhile);
        assertThat(second.state(id).status()).isEqualTo(ContainerStatus.RUNNING);
        second.kill(id, 9); // the init process of a pid namespace ignores SIGTERM without a handler
        await(() -> events.size() == 2, "exit events for both containers: " + events);
        assertThat(events).extracting(e -> e.id() + "=" + e.status().code())
                .containsExactlyInAnyOrder(id + "=137", exitedMeanwhile + "=5");

        RuncRuntime third = open();
        List<ExitEvent> again = new CopyOnWriteArrayList<>();
        third.onExit(again::add);
        LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // several poll rounds: nothing may be reported twice
        assertThat(again).isEmpty();
    }

    @Test
    void deleteLeavesNothingBehind() throws Exception {
        String id = run(List.of("sleep", "60"), Resources.UNLIMITED, 0);
        long conmonPid = Long.parseLong(Files.readString(temp.resolve("state/containers").resolve(id).resolve("conmon.pid")).strip());
        assertThat(Conmon.isRunning(conmonPid, id)).isTrue();
        CgroupReader cgroups = CgroupReader.detect(Path.of("/sys/fs/cgroup"));
        assertThat(cgroups.exists(runtime.cgroupPath(id))).isTrue();

        runtime.delete(id);

        assertThat(runtime.list()).doesNotContain(id);
        assertThat(Conmon.isRunning(conmonPid, id)).isFalse();
        assertThat(cgroups.exists(runtime.cgroupPath(id))).isFalse();
        var runcList = HostCommand.run(List.of("/usr/sbin/runc", "--root", temp.resolve("state/runc").toString(), "list", "-q"), DEADLINE);
        assertThat(runcList.stdout()).doesNotContain(id);
        try (Stream<Path> left = Files.walk(temp.resolve("state")).filter(p -> p.toString().contains(id.substring(0, 12)))) {
            assertThat(left).isEmpty();
        }
        assertThatThrownBy(() -> runtime.state(id)).isInstanceOf(BerthException.class).hasMessageContaining("no such container");
        assertThat(runtime.logs(id, LogQuery.all())).as("the log outlives the runtime container").isEmpty();
        runtime.deleteLogs(id);
        assertThat(temp.resolve("logs").resolve(id)).doesNotExist();
    }

    @Test
    void crunIsRefusedOnCgroupV1Hosts() {
        Assumptions.assumeTrue(CgroupReader.detect(Path.of("/sys/fs/cgroup")).version() == 1, "host has unified cgroup v2");

        assertThatThrownBy(() -> RuncRuntime.open(temp.resolve("state2"), temp.resolve("logs2"), "crun"))
                .isInstanceOf(BerthException.class)
                .hasMessageContaining("crun refuses cgroup v1 and hybrid")
                .hasMessageContaining("use runc");
    }

    private RuncRuntime open() {
        RuncRuntime opened = RuncRuntime.open(temp.resolve("state"), temp.resolve("logs"), "runc");
        runtimes.add(opened);
        return opened;
    }

    private ContainerSpec spec(String id, List<String> args, Resources resources, int uid) {
        return spec(id, args, resources, uid, ContainerSpec.Stdin.NONE);
    }

    private ContainerSpec spec(String id, List<String> args, Resources resources, int uid, ContainerSpec.Stdin stdin) {
        return new ContainerSpec(id, rootfs, false,
                new ProcessSpec(args, List.of("PATH=/bin", "HOME=/"), "/", uid, uid, List.of(), false),
                "box", List.of(), resources, ContainerSpec.NetworkMode.NONE, Map.of("test", "runc-it"), stdin);
    }

    /** Creates and starts a container, tracked for cleanup. */
    private String run(List<String> args, Resources resources, int uid) {
        return start(spec(Ids.newId(), args, resources, uid));
    }

    private String start(ContainerSpec spec) {
        created.add(spec.id());
        runtime.create(spec);
        assertThat(runtime.state(spec.id()).status()).isEqualTo(ContainerStatus.CREATED);
        runtime.start(spec.id());
        return spec.id();
    }

    private dev.berth.runtime.ExitStatus awaitExit(String id) {
        await(() -> runtime.state(id).exit().isPresent(), "container " + id + " to exit");
        RuntimeState state = runtime.state(id);
        assertThat(state.status()).isEqualTo(ContainerStatus.EXITED);
        return state.exit().orElseThrow();
    }

    private String logText(String id) {
        try (Stream<LogEntry> logs = runtime.logs(id, LogQuery.all())) {
            return logs.map(e -> new String(e.content(), StandardCharsets.UTF_8) + "\n").reduce("", String::concat);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private String execOutput(String id, String... args) throws IOException {
        ProcessSpec process = new ProcessSpec(List.of(args), List.of("PATH=/bin"), "/", 0, 0, List.of(), false);
        try (ExecProcess exec = runtime.exec(id, new ExecSpec(process, false))) {
            String out = new String(exec.stdout().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(exec.awaitExit(DEADLINE)).hasValue(0);
            return out;
        }
    }

    private static void await(Supplier<Boolean> condition, String what) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + DEADLINE + " waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /** /bin/busybox plus one symlink per applet: enough of a root file system for these tests. */
    private static Path busyboxRootfs(Path root) throws Exception {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        var list = HostCommand.run(List.of("/bin/busybox", "--list"), DEADLINE);
        for (String applet : list.stdout().lines().filter(a -> !a.isBlank() && !a.equals("busybox")).toList()) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        for (String dir : List.of("proc", "sys", "dev", "tmp", "etc")) {
            Files.createDirectories(root.resolve(dir));
        }
        return root;
    }
}
