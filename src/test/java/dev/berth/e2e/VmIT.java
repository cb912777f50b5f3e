package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box VMs: {@code berth run --isolation vm} boots the busybox image in a real QEMU microVM (TCG here; KVM is
 * never required) through a real berthd and the real CLI, and the container verbs work on it.
 */
@Tag("root")
@Tag("qemu")
class VmIT {
    @TempDir
    static Path base;
    static BerthdProcess berthd;

    @BeforeAll
    static void startDaemon() throws Exception {
        assumeVmsCanRun();
        berthd = new BerthdProcess(base.resolve("main")).start();
        BerthdProcess.Result r = berthd.berth("image", "bootstrap", "busybox");
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        assertThat(BerthdProcess.tearDown(berthd, base)).as("left behind").isEmpty();
        if (berthd != null) {
            assertThat(vmDirs(berthd)).as("VM directories left behind").isEmpty();
        }
    }

    @Test
    void runSeparatesStdoutFromStderrAndReturnsTheGuestsExitCode() throws Exception {
        BerthdProcess.Result r = berthd.berth("run", "--isolation", "vm", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 7");
        assertThat(r.exit()).as(r.toString()).isEqualTo(7);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("err\n");
    }

    @Test
    void envWorkdirAndUserAreHonoured() throws Exception {
        BerthdProcess.Result r = berthd.berth("run", "--isolation", "vm", "--rm", "-e", "GREETING=hi there", "-w", "/work",
                "--user", "1000:1001", "busybox", "sh", "-c", "echo \"$GREETING\" $(pwd) $(id -u):$(id -g) $(hostname)");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).matches("hi there /work 1000:1001 [0-9a-f]{12}\n");
        BerthdProcess.Result sized = berthd.berth("run", "--isolation", "vm", "--rm", "--disk-size", "200m", "busybox", "sh", "-c",
                "df -k / | tail -n 1 | awk '{print $2}'");
        assertThat(sized.exit()).as(sized.toString()).isZero();
        assertThat(Long.parseLong(sized.out().strip())).as("the root file system fills the 200 MiB disk").isBetween(150_000L, 205_000L);
    }

    @Test
    void detachedVmHasLogsInspectPsAndStopsGracefully() throws Exception {
        String id = berthd.berth("run", "-d", "--isolation", "vm", "--name", "vm-stop", "busybox", "sh", "-c",
                "trap 'echo got term; exit 3' TERM; echo hello; while true; do sleep 1; done").out().strip();
        assertThat(berthd.berth("ps").out()).contains("vm-stop");
        JsonNode inspect = Json.tree(berthd.berth("inspect", id).out().getBytes(), "inspect").get(0);
        assertThat(inspect.path("HostConfig").path("Isolation").asText()).isEqualTo("vm");
        assertThat(inspect.path("BerthVm").path("Accelerator").asText()).isIn("tcg", "kvm");
        assertThat(inspect.path("BerthVm").path("BootToReadyMs").asLong()).isPositive();
        assertThat(berthd.berth("logs", id).out()).isEqualTo("hello\n");

        BerthdProcess.Result stop = berthd.berth("stop", "-t", "20", id);
        assertThat(stop.exit()).as(stop.toString()).isZero();
        assertThat(berthd.berth("inspect", "-f", "{{.State.ExitCode}}", id).out().strip()).isEqualTo("3");
        assertThat(berthd.berth("logs", id).out()).isEqualTo("hello\ngot term\n");
        assertThat(berthd.berth("rm", id).exit()).isZero();
        assertThat(vmDirs(berthd)).isEmpty();
    }

    @Test
    void qemuKilledWithSigkillIsAnExitThatTheRestartPolicySees() throws Exception {
        String id = berthd.berth("run", "-d", "--isolation", "vm", "--restart", "on-failure:1", "busybox", "sleep", "300")
                .out().strip();
        long pid = Long.parseLong(berthd.berth("inspect", "-f", "{{.State.Pid}}", id).out().strip());
        ProcessHandle qemu = ProcessHandle.of(pid).orElseThrow();
        assertThat(qemu.info().command().orElse("")).endsWith("qemu-system-x86_64");
        qemu.destroyForcibly();
        BerthdProcess.Result waited = berthd.berth("wait", id);
        assertThat(waited.out().strip()).as(waited.toString()).isEqualTo("137");

        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        String state = "";
        while (!state.equals("1 running") && java.time.Instant.now().isBefore(deadline)) {
            BerthdProcess.pause(java.time.Duration.ofMillis(200));
            state = berthd.berth("inspect", "-f", "{{.RestartCount}} {{.State.Status}}", id).out().strip();
        }
        assertThat(state).as("restarted by on-failure:1").isEqualTo("1 running");
        assertThat(berthd.berth("rm", "-f", id).exit()).isZero();
    }

    @Test
    void aVmOutlivesABerthdCrashAndItsExitIsReportedByTheNextOne() throws Exception {
        String id = berthd.berth("run", "-d", "--isolation", "vm", "busybox", "sh", "-c", "echo before; sleep 6; echo after; exit 5")
                .out().strip();
        berthd.kill9();
        berthd.start();
        BerthdProcess.Result waited = berthd.berth("wait", id);
        assertThat(waited.out().strip()).as(waited.toString()).isEqualTo("5");
        assertThat(berthd.berth("logs", id).out()).isEqualTo("before\nafter\n");
        assertThat(berthd.berth("rm", id).exit()).isZero();
    }

    /**
     * The VM's NIC is spliced into the sandbox a container would get: a container reaches it by name, it reaches a
     * container by name, its published port answers on the host's loopback, and nothing of it stays on the host.
     */
    @Test
    void aVmAndAContainerOnAUserNetworkReachEachOtherByNameAndItsPublishedPortAnswers() throws Exception {
        berthd.ok("network", "create", "vmnet");
        String web = berthd.ok("run", "-d", "--name", "web", "--network", "vmnet", "busybox", "httpd", "-f", "-p", "80", "-h", "/etc").strip();
        String vm = berthd.ok("run", "-d", "--isolation", "vm", "--name", "vmweb", "--network", "vmnet", "-p", "127.0.0.1::80",
                "busybox", "httpd", "-f", "-p", "80", "-h", "/etc").strip();
        String line = berthd.ok("port", vm, "80").strip();
        int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
        // The guest said "ready" before its httpd listens; under TCG that can take a moment.
        assertThat(HostnameProbe.await(port, java.time.Duration.ofMinutes(1))).contains(vm.substring(0, 12));

        assertThat(berthd.ok("run", "--rm", "--network", "vmnet", "busybox", "sh", "-c", HostnameProbe.GET_HOSTNAME + "vmweb 80"))
                .contains(vm.substring(0, 12));
        BerthdProcess.Result fromVm = berthd.berth("run", "--rm", "--isolation", "vm", "--network", "vmnet", "busybox", "sh", "-c",
                "ip -4 addr show eth0; " + HostnameProbe.GET_HOSTNAME + "web 80");
        assertThat(fromVm.exit()).as(fromVm.toString()).isZero();
        assertThat(fromVm.out()).contains(web.substring(0, 12)).containsPattern("inet [0-9.]+/[0-9]+ .*eth0");

        assertThat(berthd.berth("rm", "-f", vm, web).exit()).isZero();
        assertThat(berthd.berth("network", "rm", "vmnet").exit()).isZero();
        assertThat(hostLinks()).as("links left on the host").doesNotContain("tap0");
    }

    @Test
    void absurdMemoryIsRefusedAndNothingIsLeft() throws Exception {
        BerthdProcess.Result huge = berthd.berth("run", "--isolation", "vm", "--rm", "--memory", "100t", "busybox", "true");
        assertThat(huge.exit()).as(huge.toString()).isEqualTo(125);
        assertThat(huge.err()).contains("more than this host has");
        BerthdProcess.Result tiny = berthd.berth("run", "--isolation", "vm", "--rm", "--memory", "16m", "busybox", "true");
        assertThat(tiny.err()).as(tiny.toString()).contains("too small for a VM");
        BerthdProcess.Result smallDisk = berthd.berth("run", "--isolation", "vm", "--rm", "--disk-size", "1m", "busybox", "true");
        assertThat(smallDisk.exit()).as(smallDisk.toString()).isEqualTo(125);
        assertThat(smallDisk.err()).contains("too small: the image needs at least");
        BerthdProcess.Result container = berthd.berth("run", "--rm", "--storage-opt", "size=1g", "busybox", "true");
        assertThat(container.err()).as(container.toString()).contains("sizes a VM's root disk");
        assertThat(berthd.berth("run", "--rm", "--isolation", "vm", "--storage-opt", "quota=1", "busybox", "true").err())
                .contains("storage option \"quota\" is not supported");
        assertThat(vmDirs(berthd)).isEmpty();
    }

    @Test
    void infoSaysWhichAcceleratorVmsGet() throws Exception {
        BerthdProcess.Result info = berthd.berth("info");
        assertThat(info.out()).as(info.toString()).containsPattern("VM Accelerator: (tcg \\(KVM not usable.*\\)|kvm \\(KVM usable\\))");
    }

    @Test
    void aMissingKernelIsAClearErrorAndNothingIsLeft() throws Exception {
        assertVmRefusedWithKernel("no-kernel", "/nonexistent/vmlinuz", "VM kernel /nonexistent/vmlinuz is not a readable file");
    }

    @Test
    void aKernelQemuCannotBootIsAClearErrorAndNothingIsLeft() throws Exception {
        Path junk = Files.writeString(base.resolve("vmlinuz-junk"), "not a kernel\n");
        assertVmRefusedWithKernel("junk-kernel", junk.toString(), "did not boot: QEMU exited");
    }

    /** A daemon of its own with {@code --vm-kernel kernel}: a VM run fails with {@code message}, leaving nothing. */
    private static void assertVmRefusedWithKernel(String name, String kernel, String message) throws Exception {
        try (BerthdProcess other = new BerthdProcess(base.resolve(name)).start("--vm-kernel", kernel)) {
            assertThat(other.berth("image", "bootstrap", "busybox").exit()).isZero();
            BerthdProcess.Result r = other.berth("run", "--isolation", "vm", "busybox", "true");
            assertThat(r.exit()).as(r.toString()).isEqualTo(125);
            assertThat(r.err()).contains(message);
            assertThat(vmDirs(other)).isEmpty();
            assertThat(BerthdProcess.tearDown(other, base.resolve(name))).isEmpty();
        }
    }

    private static String hostLinks() throws Exception {
        Process p = new ProcessBuilder("ip", "-o", "link").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** Skips the test class where VMs cannot run here: no QEMU, or no kernel for them. */
    static void assumeVmsCanRun() throws java.io.IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")),
                "QEMU is not installed (apt-get install qemu-system-x86, or run bin/test, which does)");
        assumeTrue(kernelPresent(), "no kernel for VMs in /boot or /var/cache/berth/vm-kernel (scripts/setup.sh fetches one)");
    }

    static java.util.List<Path> vmDirs(BerthdProcess daemon) throws java.io.IOException {
        Path vms = daemon.execRoot.resolve("vm").resolve("vms");
        if (!Files.isDirectory(vms)) {
            return java.util.List.of();
        }
        try (Stream<Path> dirs = Files.list(vms)) {
            return dirs.toList();
        }
    }

    private static boolean kernelPresent() throws java.io.IOException {
        for (Path dir : java.util.List.of(Path.of("/boot"), Path.of("/var/cache/berth/vm-kernel/boot"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    if (files.anyMatch(f -> f.getFileName().toString().startsWith("vmlinuz-"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
