package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real docker CLI and {@code berth} on the container endpoints that look after containers rather than run them:
 * diff (changes from the writable layer), export (the root file system as a tar), update (limits applied to a running
 * container's cgroup, restart policy) and container prune (filters, what it reports).
 */
class ContainerMaintenanceIT extends DaemonIT {

    @BeforeAll
    static void prepare() {
        assumeThat(BerthdProcess.DOCKER_CLI).as("the docker CLI is not installed").isExecutable();
    }

    @Test
    void diffListsAddedModifiedAndDeletedPaths() throws Exception {
        berthd.dockerOk("run", "--name", "differ", "busybox", "sh", "-c",
                "mkdir /tmp/made && echo hi > /tmp/made/f && rm /etc/group && echo more >> /etc/passwd");
        List<String> docker = berthd.dockerOk("diff", "differ").lines().toList();
        assertThat(docker).contains("C /etc", "D /etc/group", "C /etc/passwd", "A /tmp/made", "A /tmp/made/f");
        assertThat(docker.stream().map(line -> line.substring(2)).toList()).as("sorted by path").isSorted();
        assertThat(berthd.ok("diff", "differ").lines().toList()).isEqualTo(docker);
        berthd.dockerOk("rm", "differ");
    }

    @Test
    void everyContainerHasAnEmptyDockerenvThatIsNoChangeOfItsOwn() throws Exception {
        assertThat(berthd.dockerOk("run", "--rm", "busybox", "stat", "-c", "%s %F", "/.dockerenv")).isEqualTo("0 regular empty file\n");
        berthd.dockerOk("run", "--name", "envfile", "busybox", "touch", "/made");
        assertThat(berthd.dockerOk("diff", "envfile").lines().toList()).containsExactly("A /made");
        String image = berthd.dockerOk("commit", "envfile").strip();
        assertThat(berthd.dockerOk("run", "--rm", image, "stat", "-c", "%s", "/.dockerenv")).isEqualTo("0\n");
        assertThat(berthd.dockerOk("history", "-q", "--no-trunc", image).lines().findFirst()).contains(image);
        berthd.dockerOk("rm", "envfile");
        berthd.dockerOk("rmi", image);
    }

    @Test
    void inspectShowsEveryHostConfigKeyWithWhatBerthApplies() throws Exception {
        berthd.dockerOk("run", "-d", "--name", "inspected", "--memory", "64m", "busybox", "sleep", "300");
        berthd.dockerOk("exec", "-d", "inspected", "sleep", "300");
        JsonNode c = Json.tree(berthd.dockerOk("inspect", "inspected").getBytes(StandardCharsets.UTF_8), "inspect").get(0);
        JsonNode host = c.path("HostConfig");
        assertThat(host.path("PidsLimit").isNull()).as("null when unset, as dockerd sends it").isTrue();
        assertThat(host.path("Privileged").asBoolean(true)).isFalse();
        assertThat(host.path("CapAdd").isNull()).isTrue();
        assertThat(host.path("IpcMode").asText()).isEqualTo("private");
        assertThat(host.path("LogConfig").path("Type").asText()).isEqualTo("k8s-file");
        assertThat(host.path("Runtime").asText()).isIn("runc", "crun");
        assertThat(host.path("BlkioWeightDevice").isArray()).isTrue();
        assertThat(host.path("ConsoleSize").toString()).isEqualTo("[0,0]");
        List<String> masked = new ArrayList<>();
        host.path("MaskedPaths").forEach(p -> masked.add(p.asText()));
        assertThat(masked).contains("/proc/keys", "/sys/firmware");
        assertThat(berthd.dockerOk("exec", "inspected", "sh", "-c", "wc -c < /proc/keys; ls /sys/firmware | wc -l"))
                .as("really masked inside").isEqualTo("0\n0\n");
        assertThat(host.path("ReadonlyPaths").toString()).contains("/proc/sys");
        assertThat(berthd.dockerOk("exec", "inspected", "sh", "-c", "grep ' /proc/sys ' /proc/mounts | cut -d' ' -f4 | cut -d, -f1"))
                .isEqualTo("ro\n");
        assertThat(berthd.dockerOk("exec", "inspected", "df", "-k", "/dev/shm").lines().skip(1).findFirst().orElseThrow())
                .contains(" " + host.path("ShmSize").asLong() / 1024 + " ");

        assertThat(c.path("ExecIDs").size()).as("the running exec").isEqualTo(1);
        JsonNode data = c.path("GraphDriver").path("Data");
        berthd.dockerOk("exec", "inspected", "sh", "-c", "echo written > /written");
        assertThat(Path.of(data.path("UpperDir").asText()).resolve("written")).hasContent("written");
        assertThat(Path.of(data.path("MergedDir").asText()).resolve("bin/busybox")).exists();
        assertThat(Path.of(data.path("WorkDir").asText())).isDirectory();
        assertThat(data.path("LowerDir").asText().split(":")).allSatisfy(dir -> assertThat(Path.of(dir)).isDirectory());

        JsonNode config = c.path("Config");
        assertThat(config.path("AttachStdout").asBoolean(true)).as("run -d attaches nothing").isFalse();
        assertThat(config.path("Domainname").asText("x")).isEmpty();
        assertThat(config.path("OnBuild").isNull()).isTrue();
        berthd.dockerOk("run", "--name", "attached", "busybox", "true");
        assertThat(berthd.dockerOk("inspect", "-f", "{{.Config.AttachStdin}} {{.Config.AttachStdout}} {{.Config.AttachStderr}}",
                "attached").strip()).isEqualTo("false true true");
        assertThat(berthd.dockerOk("image", "inspect", "busybox")).as("empty image settings are there, as null or \"\"")
                .containsPattern("\"Entrypoint\": null").containsPattern("\"Labels\": null").containsPattern("\"OnBuild\": null")
                .containsPattern("\"Volumes\": null").containsPattern("\"WorkingDir\": \"\"");
        berthd.dockerOk("rm", "-f", "inspected", "attached");
    }

    @Test
    void exportWritesTheRootFileSystemAsATar() throws Exception {
        berthd.dockerOk("create", "--name", "exported", "-v", "exportvol:/data", "busybox", "true");
        berthd.dockerOk("cp", Files.writeString(base.resolve("extra.txt"), "extra").toString(), "exported:/root/");
        Path byDocker = base.resolve("docker-export.tar");
        berthd.dockerOk("export", "-o", byDocker.toString(), "exported");
        Path byBerth = base.resolve("berth-export.tar");
        berthd.ok("export", "--output", byBerth.toString(), "exported");
        for (Path tar : List.of(byDocker, byBerth)) {
            List<String> names = entryNames(tar);
            assertThat(names).contains(".dockerenv", "bin/", "bin/busybox", "etc/passwd", "root/extra.txt");
            assertThat(names).as("relative names, as docker export writes them").noneMatch(n -> n.startsWith("/") || n.startsWith("./"));
        }
        assertThat(entryNames(byBerth)).as("both clients get the same tree").isEqualTo(entryNames(byDocker));
        berthd.dockerOk("rm", "-v", "exported");
    }

    @Test
    void updateChangesTheLimitsOfARunningContainerAndItsRestartPolicy() throws Exception {
        berthd.dockerOk("run", "-d", "--name", "updated", "--memory", "64m", "--pids-limit", "50", "busybox", "sleep", "300");
        assertThat(berthd.dockerOk("update", "--memory", "96m", "--cpus", "0.5", "--pids-limit", "40", "--restart", "on-failure:3",
                "updated").strip()).isEqualTo("updated");
        assertThat(berthd.dockerOk("inspect", "-f",
                "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}} {{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}",
                "updated").strip()).isEqualTo((96L << 20) + " 500000000 40 on-failure:3");
        assertThat(berthd.dockerOk("exec", "updated", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes",
                "/sys/fs/cgroup/pids/pids.max", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us").lines().toList())
                .as("applied to the running container's cgroup").containsExactly(Long.toString(96L << 20), "40", "50000");

        berthd.ok("update", "--pids-limit", "30", "updated");
        assertThat(berthd.dockerOk("exec", "updated", "cat", "/sys/fs/cgroup/pids/pids.max").strip()).isEqualTo("30");
        assertThat(berthd.docker("update", "--memory", "1k", "updated").exit()).as("below the minimum").isNotZero();
        assertThat(berthd.docker("update", "updated").exit()).as("no flags").isNotZero();
        assertThat(berthd.dockerOk("exec", "updated", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes").strip())
                .as("a refused update changes nothing").isEqualTo(Long.toString(96L << 20));
        berthd.dockerOk("rm", "-f", "updated");
    }

    @Test
    void pruneRemovesStoppedContainersThatMatchItsFilters() throws Exception {
        String gone = berthd.dockerOk("create", "--label", "prune=yes", "busybox", "true").strip();
        String kept = berthd.dockerOk("create", "--label", "prune=no", "busybox", "true").strip();
        String running = berthd.dockerOk("run", "-d", "--label", "prune=yes", "busybox", "sleep", "300").strip();

        String out = berthd.dockerOk("container", "prune", "-f", "--filter", "label=prune=yes");
        assertThat(out).startsWith("Deleted Containers:\n" + gone + "\n").contains("Total reclaimed space:");
        assertThat(berthd.dockerOk("ps", "-aq", "--no-trunc")).contains(kept, running).doesNotContain(gone);

        assertThat(berthd.dockerOk("container", "prune", "-f", "--filter", "until=1h")).as("created just now")
                .doesNotContain("Deleted Containers:");
        assertThat(berthd.ok("container", "prune", "-f", "--filter", "label!=prune=yes")).contains(kept);
        assertThat(berthd.dockerOk("ps", "-aq", "--no-trunc").strip()).isEqualTo(running);
        berthd.dockerOk("rm", "-f", running);
    }

    private static List<String> entryNames(Path tar) throws Exception {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tar); var entries = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
