package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.InputStream;
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
    void exportWritesTheRootFileSystemAsATar() throws Exception {
        berthd.dockerOk("create", "--name", "exported", "-v", "exportvol:/data", "busybox", "true");
        berthd.dockerOk("cp", Files.writeString(base.resolve("extra.txt"), "extra").toString(), "exported:/root/");
        Path byDocker = base.resolve("docker-export.tar");
        berthd.dockerOk("export", "-o", byDocker.toString(), "exported");
        Path byBerth = base.resolve("berth-export.tar");
        berthd.ok("export", "--output", byBerth.toString(), "exported");
        for (Path tar : List.of(byDocker, byBerth)) {
            List<String> names = entryNames(tar);
            assertThat(names).contains("bin/", "bin/busybox", "etc/passwd", "root/extra.txt");
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
