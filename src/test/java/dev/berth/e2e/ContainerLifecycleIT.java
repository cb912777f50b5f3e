package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Black-box container lifecycle: a real berthd process, the real CLI, real runc and conmon containers on
 * overlayfs over the bootstrapped busybox image.
 */
class ContainerLifecycleIT extends DaemonIT {

    @Test
    void runPrintsOutputAndReturnsTheExitCode() throws Exception {
        BerthdProcess.Result ok = berthd.berth("run", "--rm", "busybox", "echo", "hello berth");
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(ok.out()).isEqualTo("hello berth\n");
        BerthdProcess.Result three = berthd.berth("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(three.exit()).as(three.toString()).isEqualTo(3);
        assertThat(three.out()).isEqualTo("out\n");
        assertThat(three.err()).isEqualTo("err\n");
    }

    @Test
    void stdinReachesContainersAndExecsRunWithDashI() throws Exception {
        BerthdProcess.Result cat = berthd.berthWithInput("hello\nworld\n".getBytes(), "run", "-i", "--rm", "busybox", "cat");
        assertThat(cat.exit()).as(cat.toString()).isZero();
        assertThat(cat.out()).isEqualTo("hello\nworld\n");
        assertThat(berthd.berth("run", "-d", "--name", "sleeper", "busybox", "sleep", "300").exit()).isZero();
        BerthdProcess.Result exec = berthd.berthWithInput("echo from-stdin; exit 6\n".getBytes(), "exec", "-i", "sleeper", "sh");
        assertThat(exec.exit()).as(exec.toString()).isEqualTo(6);
        assertThat(exec.out()).isEqualTo("from-stdin\n");
        berthd.berth("rm", "-f", "sleeper");
    }

    /** A command that ignores its input often ends before the daemon opens its stdin; it was reported as an error. */
    @Test
    void outputArrivesWhenTheContainerEndsBeforeItsStdinIsOpened() throws Exception {
        for (int i = 0; i < 10; i++) {
            BerthdProcess.Result quick = berthd.berthWithInput("unread\n".getBytes(), "run", "-i", "--rm", "busybox", "echo", "done");
            assertThat(quick.exit()).as(quick.toString()).isZero();
            assertThat(quick.out()).as("run %d", i).isEqualTo("done\n");
        }
    }

    @Test
    void commandsThatCannotStartGetDockerdsExitCodesAndLeaveNoRmContainerBehind() throws Exception {
        BerthdProcess.Result missing = berthd.docker("run", "--rm", "--name", "never-ran", "busybox", "/no/such/binary");
        assertThat(missing.exit()).as("docker run --rm waits for the removal: " + missing).isEqualTo(127);
        BerthdProcess.Result noUser = berthd.docker("run", "--rm", "--user", "nosuchuser", "busybox", "true");
        assertThat(noUser.exit()).as(noUser.toString()).isEqualTo(125);
        assertThat(noUser.err()).contains("unable to find user nosuchuser");
        assertThat(berthd.berth("ps", "-a", "--format", "{{.Names}}").out()).as("--rm containers removed").isEmpty();

        assertThat(berthd.berth("run", "-d", "--name", "execs", "busybox", "sleep", "300").exit()).isZero();
        BerthdProcess.Result notFound = berthd.docker("exec", "execs", "nosuchcmd");
        assertThat(notFound.exit()).as(notFound.toString()).isEqualTo(127);
        assertThat(notFound.out()).startsWith("OCI runtime exec failed: ").contains("executable file not found");
        BerthdProcess.Result notExecutable = berthd.docker("exec", "execs", "/etc/passwd");
        assertThat(notExecutable.exit()).as(notExecutable.toString()).isEqualTo(126);
        assertThat(notExecutable.out()).contains("permission denied");
        assertThat(berthd.docker("exec", "execs", "true").exit()).as("the container is unharmed").isZero();
        berthd.berth("rm", "-f", "execs");
    }

    @Test
    void theDetachKeysLeaveTheContainerRunningWithItsStdinOpen() throws Exception {
        assertThat(berthd.berth("run", "-d", "-i", "--name", "reader", "busybox", "sh", "-c",
                "while read l; do echo got:$l; done").exit()).isZero();
        BerthdProcess.Result first = berthd.berthWithInput("a\n\u0010\u0011ignored\n".getBytes(), "attach", "reader");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(berthd.berth("inspect", "-f", "{{.State.Status}}", "reader").out().strip()).isEqualTo("running");
        BerthdProcess.Result second = berthd.berthWithInput("b\nxy".getBytes(), "attach", "--detach-keys", "x,y", "reader");
        assertThat(second.exit()).as(second.toString()).isZero();
        BerthdProcess.Result logs = berthd.berth("logs", "reader");
        assertThat(logs.out()).contains("got:a").contains("got:b").doesNotContain("ignored");
        assertThat(berthd.berth("attach", "--detach-keys", "F1", "reader").err()).contains("invalid detach keys");
        berthd.berth("rm", "-f", "reader");
    }

    @Test
    void imagesSaveLoadImportTagAndRemove() throws Exception {
        Path archive = base.resolve("busybox.tar");
        assertThat(berthd.berth("tag", "busybox", "copy:1").exit()).isZero();
        BerthdProcess.Result saved = berthd.berth("save", "-o", archive.toString(), "copy:1");
        assertThat(saved.exit()).as(saved.toString()).isZero();
        BerthdProcess.Result rmi = berthd.berth("rmi", "copy:1");
        assertThat(rmi.out()).as(rmi.toString()).contains("Untagged: copy:1");
        BerthdProcess.Result load = berthd.berth("load", "-i", archive.toString());
        assertThat(load.out()).as(load.toString()).contains("Loaded image: copy:1");
        assertThat(berthd.berth("run", "--rm", "copy:1", "echo", "loaded").out()).isEqualTo("loaded\n");

        Path rootfs = base.resolve("rootfs.tar");
        Process tar = new ProcessBuilder("tar", "-C", "/", "-cf", rootfs.toString(), "bin/busybox").start();
        assertThat(tar.waitFor()).isZero();
        BerthdProcess.Result imported = berthd.berth("import", rootfs.toString(), "imported:1");
        assertThat(imported.exit()).as(imported.toString()).isZero();
        BerthdProcess.Result ran = berthd.berth("run", "--rm", "imported:1", "/bin/busybox", "echo", "imported");
        assertThat(ran.out()).as(ran.toString()).isEqualTo("imported\n");

        Path evil = base.resolve("evil.tar");
        Process bad = new ProcessBuilder("tar", "-C", base.toString(), "-cf", evil.toString(), "--absolute-names",
                "--transform", "s|^|../../|", "rootfs.tar").start();
        assertThat(bad.waitFor()).isZero();
        String before = berthd.berth("images", "--format", "json").out();
        BerthdProcess.Result refused = berthd.berth("import", evil.toString(), "evil:1");
        assertThat(refused.exit()).as(refused.toString()).isNotZero();
        assertThat(refused.err()).contains("..");
        assertThat(berthd.berth("images", "--format", "json").out()).as("nothing stored").isEqualTo(before);
        assertThat(berthd.berth("rmi", "imported:1", "copy:1").exit()).isZero();
    }

    @Test
    void terminalsAreAllocatedAndResized() throws Exception {
        BerthdProcess.Result tty = berthd.berth("run", "-t", "--rm", "busybox", "tty");
        assertThat(tty.exit()).as(tty.toString()).isZero();
        assertThat(tty.out()).startsWith("/dev/pts/");
        assertThat(berthd.berth("run", "-d", "-t", "--name", "term", "busybox", "sh", "-c",
                "while [ \"$(stty size)\" != '33 111' ]; do sleep 0.1; done; echo resized; sleep 300").exit()).isZero();
        assertThat(berthd.api("POST", "/v1.50/containers/term/resize?h=33&w=111")).startsWith("HTTP/1.1 200");
        awaitLogs("term", "resized");
        assertThat(berthd.api("POST", "/v1.50/containers/term/resize?h=0&w=1")).startsWith("HTTP/1.1 400");
        berthd.berth("rm", "-f", "term");
    }

    @Test
    void envWorkdirAndUserFollowDocker() throws Exception {
        BerthdProcess.Result r = berthd.berth("run", "--rm", "-e", "GREETING=hi", "-w", "/made/here", "--user", "1000:1000",
                "busybox", "sh", "-c", "echo $GREETING $(id -u):$(id -g) $(pwd) $HOSTNAME");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).matches("hi 1000:1000 /made/here [0-9a-f]{12}\n");
        BerthdProcess.Result named = berthd.berth("run", "--rm", "--user", "berth", "busybox", "id", "-un");
        assertThat(named.out()).as(named.toString()).isEqualTo("berth\n");
    }

    @Test
    void entrypointOverridesAsDockerDoes() throws Exception {
        BerthdProcess.Result r = berthd.berth("run", "--rm", "--entrypoint", "echo", "busybox", "a", "b");
        assertThat(r.out()).as(r.toString()).isEqualTo("a b\n");
        BerthdProcess.Result none = berthd.berth("run", "--rm", "--entrypoint", "", "busybox");
        assertThat(none.exit()).as(none.toString()).isEqualTo(125);
        assertThat(none.err()).contains("No command specified");
    }

    @Test
    void limitsAreAppliedInsideAndOutside() throws Exception {
        BerthdProcess.Result run = berthd.berth("run", "-d", "--name", "limited", "--memory", "64m", "--cpus", "0.5",
                "--pids-limit", "50", "--cpu-shares", "512", "busybox", "sleep", "300");
        assertThat(run.exit()).as(run.toString()).isZero();
        String id = run.out().trim();
        BerthdProcess.Result inside = berthd.berth("exec", "limited", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes",
                "/sys/fs/cgroup/pids/pids.max", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.shares");
        assertThat(inside.out()).as(inside.toString()).isEqualTo("67108864\n50\n50000\n512\n");
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/memory/berth", id, "memory.limit_in_bytes")).trim()).isEqualTo("67108864");
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/pids/berth", id, "pids.max")).trim()).isEqualTo("50");
        assertThat(berthd.berth("rm", "-f", "limited").exit()).isZero();
        assertThat(Path.of("/sys/fs/cgroup/memory/berth", id)).doesNotExist();
    }

    @Test
    void oomKillsAreReported() throws Exception {
        BerthdProcess.Result r = berthd.berth("run", "--name", "hog", "--memory", "16m", "--memory-swap", "16m", "busybox",
                "sh", "-c", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived");
        assertThat(r.exit()).as(r.toString()).isEqualTo(137);
        JsonNode state = inspect("hog").path("State");
        assertThat(state.path("OOMKilled").asBoolean()).as(state.toString()).isTrue();
        assertThat(state.path("ExitCode").asInt()).isEqualTo(137);
        berthd.berth("rm", "hog");
    }

    @Test
    void stopSignalsThenKillsAfterTheTimeout() throws Exception {
        berthd.berth("run", "-d", "--name", "stubborn", "busybox", "sh", "-c", "trap '' TERM; while true; do sleep 1; done");
        Instant before = Instant.now();
        BerthdProcess.Result stop = berthd.berth("stop", "-t", "1", "stubborn");
        assertThat(stop.exit()).as(stop.toString()).isZero();
        assertThat(Duration.between(before, Instant.now())).isGreaterThan(Duration.ofMillis(900));
        assertThat(inspect("stubborn").path("State").path("ExitCode").asInt()).isEqualTo(137);
        BerthdProcess.Result again = berthd.berth("stop", "stubborn");
        assertThat(again.exit()).as("stopping a stopped container is not an error").isZero();
        berthd.berth("rm", "stubborn");
    }

    @Test
    void pauseRenameTopWaitAndPs() throws Exception {
        berthd.berth("run", "-d", "--name", "worker", "--label", "team=core", "busybox", "sleep", "300");
        assertThat(berthd.berth("pause", "worker").exit()).isZero();
        assertThat(inspect("worker").path("State").path("Status").asText()).isEqualTo("paused");
        assertThat(berthd.docker("pause", "worker").err()).contains("Container " + inspect("worker").path("Id").asText()
                + " is already paused");
        assertThat(berthd.berth("unpause", "worker").exit()).isZero();
        berthd.berth("create", "--name", "taken-name", "busybox", "true");
        assertThat(berthd.docker("rename", "worker", "taken-name").err())
                .contains("Error when allocating new name: Conflict. The container name \"/taken-name\" is already in use");
        berthd.berth("rm", "taken-name");
        assertThat(berthd.berth("rename", "worker", "worker2").exit()).isZero();
        BerthdProcess.Result top = berthd.berth("top", "worker2");
        assertThat(top.out()).as(top.toString()).contains("sleep 300");
        BerthdProcess.Result ps = berthd.berth("ps", "--filter", "label=team=core", "--format", "json");
        JsonNode rows = Json.tree(ps.out().getBytes(), "ps output");
        assertThat(rows).as(ps.toString()).hasSize(1);
        assertThat(rows.toString()).contains("worker2");
        berthd.berth("kill", "worker2");
        BerthdProcess.Result wait = berthd.berth("wait", "worker2");
        assertThat(wait.out().trim()).as(wait.toString()).isEqualTo("137");
        berthd.berth("rm", "worker2");
    }

    @Test
    void restartPolicyOnFailureRetriesWithBackOff() throws Exception {
        berthd.berth("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "exit 1");
        awaitInspect("flaky", n -> n.path("RestartCount").asInt() == 2 && n.path("State").path("Status").asText().equals("exited"),
                Duration.ofSeconds(20));
        BerthdProcess.Result logs = berthd.berth("ps", "-a", "--filter", "name=flaky", "--format", "json");
        assertThat(logs.out()).contains("Exited (1)");
        berthd.berth("rm", "-f", "flaky");
    }

    @Test
    void volumesTmpfsAndReadOnlyRoot() throws Exception {
        assertThat(berthd.berth("run", "--rm", "-v", "shared:/data", "busybox", "sh", "-c", "echo kept > /data/f").exit()).isZero();
        BerthdProcess.Result read = berthd.berth("run", "--rm", "-v", "shared:/data:ro", "busybox", "sh", "-c",
                "cat /data/f; echo x > /data/g || echo refused");
        assertThat(read.out()).as(read.toString()).isEqualTo("kept\nrefused\n");
        Path host = Files.createTempDirectory(base, "bind");
        Files.writeString(host.resolve("in.txt"), "from host");
        BerthdProcess.Result bind = berthd.berth("run", "--rm", "--read-only", "--tmpfs", "/scratch", "-v", host + ":/host",
                "busybox", "sh", "-c", "cat /host/in.txt; echo; touch /x 2>/dev/null || echo ro-root; touch /scratch/ok && echo tmpfs-ok");
        assertThat(bind.out()).as(bind.toString()).isEqualTo("from host\nro-root\ntmpfs-ok\n");
        assertThat(berthd.dockerOk("volume", "create", "--label", "keep=1", "other")).isEqualTo("other\n");
        assertThat(berthd.dockerOk("volume", "ls", "-q", "--filter", "name=shar")).isEqualTo("shared\n");
        assertThat(berthd.dockerOk("volume", "ls", "-q", "--filter", "label=keep=1")).isEqualTo("other\n");
        assertThat(berthd.dockerOk("volume", "ls", "-q", "--filter", "dangling=true")).isEqualTo("other\nshared\n");
        BerthdProcess.Result plugin = berthd.docker("volume", "create", "--driver", "nosuch", "never");
        assertThat(plugin.exit()).as(plugin.toString()).isEqualTo(1);
        assertThat(plugin.err()).contains("create never: error looking up volume plugin nosuch: plugin \"nosuch\" not found");
        assertThat(berthd.dockerOk("volume", "ls", "-q")).doesNotContain("never");
        assertThat(berthd.berth("volume", "rm", "shared", "other").exit()).isZero();
    }

    @Test
    void anonymousVolumesComeFromVOnePathAndImageVolumesAndGoWithRmV() throws Exception {
        Path context = Files.createTempDirectory(base, "volimage");
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nVOLUME /vol\n");
        assertThat(berthd.berth("build", "-q", "-t", "withvol", context.toString()).exit()).isZero();
        Set<String> before = volumeNames();

        BerthdProcess.Result run = berthd.berth("run", "-d", "--name", "anon", "-v", "/data", "-v", "keep:/named", "withvol", "sleep", "300");
        assertThat(run.exit()).as(run.toString()).isZero();
        BerthdProcess.Result mounts = berthd.berth("exec", "anon", "sh", "-c",
                "echo a >/data/f && echo b >/vol/f && grep -c -e ' /data ' -e ' /vol ' -e ' /named ' /proc/mounts");
        assertThat(mounts.out()).as(mounts.toString()).isEqualTo("3\n");
        Set<String> made = new HashSet<>(volumeNames());
        made.removeAll(before);
        assertThat(made).hasSize(3).contains("keep");
        made.remove("keep");
        assertThat(made).allMatch(n -> n.matches("[0-9a-f]{64}"));
        JsonNode inspect = inspect("anon");
        assertThat(inspect.path("Config").path("Volumes").has("/vol")).isTrue();
        assertThat(inspect.path("Config").path("Volumes").has("/data")).isTrue();

        assertThat(berthd.berth("rm", "-f", "-v", "anon").exit()).isZero();
        Set<String> after = volumeNames();
        assertThat(after).contains("keep").doesNotContainAnyElementsOf(made);

        assertThat(berthd.berth("run", "--rm", "-v", "/scratch", "busybox", "touch", "/scratch/x").exit()).isZero();
        assertThat(berthd.berth("run", "--rm", "-v", "/data", "withvol", "true").exit()).isZero();
        assertThat(volumeNames()).isEqualTo(after);
        berthd.berth("volume", "rm", "keep");
        berthd.berth("rmi", "withvol");
    }

    private Set<String> volumeNames() throws Exception {
        BerthdProcess.Result ls = berthd.berth("volume", "ls", "-q");
        assertThat(ls.exit()).as(ls.toString()).isZero();
        return Set.copyOf(ls.out().lines().toList());
    }

    @Test
    void badInputGetsClearErrorsAndChangesNothing() throws Exception {
        BerthdProcess.Result noImage = berthd.berth("run", "--rm", "nosuchimage:1.0", "true");
        assertThat(noImage.exit()).isEqualTo(125);
        assertThat(noImage.err()).contains("No such image: nosuchimage:1.0");
        assertThat(berthd.berth("create", "--name", "taken", "busybox", "true").exit()).isZero();
        BerthdProcess.Result clash = berthd.berth("create", "--name", "taken", "busybox", "true");
        assertThat(clash.exit()).isEqualTo(125);
        assertThat(clash.err()).contains("is already in use");
        BerthdProcess.Result mem = berthd.berth("run", "--rm", "--memory", "lots", "busybox", "true");
        assertThat(mem.exit()).isEqualTo(125);
        assertThat(mem.err()).contains("--memory").contains("lots");
        BerthdProcess.Result vol = berthd.berth("run", "--rm", "-v", "/nope-not-here:/x", "busybox", "true");
        assertThat(vol.exit()).isEqualTo(125);
        assertThat(vol.err()).contains("/nope-not-here");
        BerthdProcess.Result missing = berthd.berth("run", "--rm", "busybox", "/no/such/binary");
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(127);
        BerthdProcess.Result rmRunning = berthd.berth("run", "-d", "--name", "busy", "busybox", "sleep", "300");
        assertThat(rmRunning.exit()).isZero();
        BerthdProcess.Result refused = berthd.berth("rm", "busy");
        assertThat(refused.exit()).as("docker rm exits 1 on a daemon error").isEqualTo(1);
        assertThat(refused.err()).contains("Stop the container before attempting removal or force remove");
        BerthdProcess.Result ps = berthd.berth("ps", "-a", "--format", "json");
        assertThat(ps.out()).contains("taken").contains("busy");
        berthd.berth("rm", "-f", "busy", "taken");
    }

    private void awaitLogs(String name, String text) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        String logs = berthd.berth("logs", name).out();
        while (!logs.contains(text)) {
            assertThat(Instant.now()).as("waiting for '" + text + "' in the logs of " + name + ": " + logs).isBefore(deadline);
            BerthdProcess.pause(Duration.ofMillis(200));
            logs = berthd.berth("logs", name).out();
        }
    }

    private JsonNode inspect(String name) throws IOException, InterruptedException {
        BerthdProcess.Result r = berthd.berth("inspect", name);
        assertThat(r.exit()).as(r.toString()).isZero();
        return Json.tree(r.out().getBytes(), "inspect output").get(0);
    }

    private JsonNode awaitInspect(String name, Predicate<JsonNode> condition, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = inspect(name);
        while (!condition.test(last)) {
            assertThat(Instant.now()).as("waiting for " + name + "; last seen: " + last).isBefore(deadline);
            BerthdProcess.pause(Duration.ofMillis(200));
            last = inspect(name);
        }
        return last;
    }
}
