package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Snapshots, restores and clones of VMs on a real berthd with real QEMU (TCG here): a restored VM's workload runs on
 * from the snapshot's moment (same kernel, same process, counter and uptime rolled back) with its disk rolled back; a
 * clone resumes with its own hostname, MAC and address and both answer; bad requests are clear errors that leave
 * nothing behind; an image's shared root disk goes with the image.
 */
@Tag("qemu")
class VmSnapshotIT extends DaemonIT {
    /** Counts in /counter five times a second, and says which process it is in /pid. */
    private static final String COUNTER = "echo $$ > /pid; i=0; while true; do i=$((i+1)); echo $i > /counter; sleep 0.2; done";

    @BeforeAll
    static void needVms() throws Exception {
        VmIT.assumeVmsCanRun();
    }

    /** What the guest says of itself: its kernel's boot id, the counter's pid and count, its uptime. */
    private record Guest(String bootId, String pid, int counter, double uptime) {
        static Guest of(String vm) throws Exception {
            List<String> lines = berthd.ok("exec", vm, "sh", "-c",
                    "cat /proc/sys/kernel/random/boot_id /pid /counter; cut -d' ' -f1 /proc/uptime").lines().toList();
            return new Guest(lines.get(0), lines.get(1), Integer.parseInt(lines.get(2)), Double.parseDouble(lines.get(3)));
        }
    }

    @Test
    void aRestoredVmRunsOnFromTheSnapshotWithoutABootAndItsDiskIsRolledBack() throws Exception {
        String id = berthd.ok("run", "-d", "--isolation", "vm", "--name", "snap-vm", "busybox", "sh", "-c", COUNTER).strip();
        Guest taken = Guest.of("snap-vm");
        assertThat(berthd.ok("vm", "snapshot", "snap-vm", "first")).isEqualTo("first\n");
        berthd.ok("exec", "snap-vm", "sh", "-c", "echo changed > /changed");
        Guest later = await("snap-vm", g -> g.counter() >= taken.counter() + 15);
        String qemuBefore = berthd.ok("inspect", "-f", "{{.State.Pid}}", id).strip();

        assertThat(berthd.ok("vm", "restore", "snap-vm", "first")).isEqualTo("snap-vm\n");
        Guest restored = Guest.of("snap-vm");
        assertThat(restored.bootId()).as("the same kernel, not a boot").isEqualTo(taken.bootId());
        assertThat(restored.pid()).as("the same process").isEqualTo(taken.pid());
        assertThat(restored.counter()).as("back at the snapshot's count").isLessThan(later.counter());
        assertThat(restored.uptime()).isLessThan(later.uptime());
        assertThat(berthd.berth("exec", "snap-vm", "test", "-e", "/changed").exit()).as("the disk rolled back").isEqualTo(1);
        assertThat(await("snap-vm", g -> g.counter() > restored.counter()).pid()).as("and it counts on").isEqualTo(taken.pid());
        assertThat(berthd.ok("inspect", "-f", "{{.State.Status}} {{.State.Pid}}", id).strip())
                .startsWith("running ").isNotEqualTo("running " + qemuBefore);

        // A VM that stopped starts from the snapshot instead of booting.
        berthd.ok("kill", "snap-vm");
        berthd.ok("wait", "snap-vm");
        berthd.ok("vm", "restore", "snap-vm", "first");
        assertThat(Guest.of("snap-vm").bootId()).isEqualTo(taken.bootId());

        BerthdProcess.Result twice = berthd.berth("vm", "snapshot", "snap-vm", "first");
        assertThat(twice.exit()).as(twice.toString()).isEqualTo(1);
        assertThat(twice.err()).contains("VM snap-vm already has a snapshot named first");
        assertThat(berthd.berth("vm", "restore", "snap-vm", "nope").err()).contains("VM snap-vm has no snapshot named nope");
        assertThat(berthd.berth("vm", "snapshot", "snap-vm", "bad/name").err()).contains("invalid snapshot name 'bad/name'");
        assertThat(berthd.ok("vm", "snapshot", "ls", "snap-vm")).contains("first").hasLineCount(2);
        assertThat(snapshotFiles(id)).containsExactly("first");

        berthd.ok("vm", "snapshot", "rm", "snap-vm", "first");
        assertThat(berthd.ok("vm", "snapshot", "ls", "snap-vm")).hasLineCount(1);
        assertThat(snapshotFiles(id)).isEmpty();
        berthd.ok("vm", "snapshot", "snap-vm", "second");
        berthd.ok("rm", "-f", "snap-vm");
        assertThat(berthd.dataRoot.resolve("vm/snapshots").resolve(id)).as("snapshots go with their VM").doesNotExist();
    }

    @Test
    void aCloneResumesWithItsOwnHostnameMacAndAddressAndBothAnswer() throws Exception {
        berthd.ok("network", "create", "snapnet");
        String source = berthd.ok("run", "-d", "--isolation", "vm", "--name", "clone-src", "--network", "snapnet", "busybox",
                "httpd", "-f", "-p", "80", "-h", "/etc").strip();
        String bootId = berthd.ok("exec", "clone-src", "cat", "/proc/sys/kernel/random/boot_id");
        berthd.ok("vm", "snapshot", "clone-src", "base");

        String clone = berthd.ok("vm", "clone", "clone-src:base", "clone-1").strip();
        assertThat(berthd.ok("exec", "clone-1", "cat", "/proc/sys/kernel/random/boot_id")).as("resumed, not booted").isEqualTo(bootId);
        assertThat(berthd.ok("exec", "clone-1", "hostname").strip()).isEqualTo(clone.substring(0, 12));
        JsonNode sourceNet = endpoint(source);
        JsonNode cloneNet = endpoint(clone);
        assertThat(cloneNet.path("IPAddress").asText()).isNotEqualTo(sourceNet.path("IPAddress").asText());
        assertThat(cloneNet.path("MacAddress").asText()).isNotEqualTo(sourceNet.path("MacAddress").asText());
        assertThat(berthd.ok("exec", "clone-1", "ip", "addr", "show", "eth0"))
                .contains(cloneNet.path("MacAddress").asText(), cloneNet.path("IPAddress").asText() + "/");
        String answers = berthd.ok("run", "--rm", "--network", "snapnet", "busybox", "sh", "-c",
                HostnameProbe.GET_HOSTNAME + "clone-src 80; " + HostnameProbe.GET_HOSTNAME + "clone-1 80");
        assertThat(answers).contains(source.substring(0, 12), clone.substring(0, 12));

        // A running VM as it is now, through a snapshot of its own that nothing keeps.
        String now = berthd.ok("vm", "clone", "clone-src", "clone-2").strip();
        assertThat(berthd.ok("exec", "clone-2", "hostname").strip()).isEqualTo(now.substring(0, 12));
        assertThat(berthd.ok("vm", "snapshot", "ls", "clone-src")).contains("base").hasLineCount(2);
        assertThat(snapshotFiles(source)).containsExactly("base");

        BerthdProcess.Result taken = berthd.berth("vm", "clone", "clone-src:base", "clone-1");
        assertThat(taken.err()).as(taken.toString()).contains("is already in use");
        assertThat(berthd.ok("ps", "-a", "--format", "{{.Names}}").lines().sorted().toList())
                .containsExactly("clone-1", "clone-2", "clone-src");
        berthd.ok("rm", "-f", "clone-src", "clone-1", "clone-2");
        berthd.ok("network", "rm", "snapnet");
    }

    @Test
    void containersAndUnknownVmsAreRefusedClearly() throws Exception {
        berthd.ok("run", "-d", "--name", "not-a-vm", "busybox", "sleep", "60");
        BerthdProcess.Result container = berthd.berth("vm", "snapshot", "not-a-vm", "s");
        assertThat(container.exit()).isEqualTo(1);
        assertThat(container.err()).contains("not-a-vm is a container, not a VM");
        assertThat(berthd.api("POST", "/berth/v1/vms/not-a-vm/snapshots?name=s")).startsWith("HTTP/1.1 400");
        assertThat(berthd.api("POST", "/berth/v1/vms/no-such-vm/snapshots?name=s")).startsWith("HTTP/1.1 404").contains("No such container");
        assertThat(berthd.berth("vm", "clone", "no-such-vm", "x").err()).contains("No such container: no-such-vm");
        berthd.ok("rm", "-f", "not-a-vm");
    }

    @Test
    void anImagesRootDiskIsSharedByItsVmsAndGoesWithTheImage() throws Exception {
        Path context = Files.createDirectories(base.resolve("disk-image"));
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nLABEL berth.test=vm-disk\n");
        berthd.ok("build", "-q", "-t", "vm-disk", context.toString());
        String image = berthd.ok("inspect", "-f", "{{.Id}}", "vm-disk").strip();
        Path disk = berthd.dataRoot.resolve("vm/images").resolve(image.substring("sha256:".length()) + ".ext4");

        assertThat(berthd.ok("run", "--rm", "--isolation", "vm", "vm-disk", "sh", "-c", "echo mine > /file; cat /file")).isEqualTo("mine\n");
        assertThat(disk).exists();
        Instant built = Files.getLastModifiedTime(disk).toInstant();
        assertThat(berthd.ok("run", "--rm", "--isolation", "vm", "vm-disk", "sh", "-c", "cat /file 2>&1; true"))
                .as("a VM's writes are its own").contains("No such file");
        assertThat(Files.getLastModifiedTime(disk).toInstant()).as("built once").isEqualTo(built);
        berthd.ok("rmi", "vm-disk");
        assertThat(disk).as("gone with its image").doesNotExist();
    }

    private static Guest await(String vm, Predicate<Guest> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Guest guest = Guest.of(vm);
        while (!condition.test(guest) && Instant.now().isBefore(deadline)) {
            BerthdProcess.pause(Duration.ofMillis(200));
            guest = Guest.of(vm);
        }
        assertThat(condition).as("guest state %s", guest).accepts(guest);
        return guest;
    }

    private static JsonNode endpoint(String id) throws Exception {
        return Json.tree(berthd.ok("inspect", id).getBytes(), "inspect").get(0).path("NetworkSettings").path("Networks").path("snapnet");
    }

    /** The snapshots the VM runtime holds on disk for VM {@code id}. */
    private static List<String> snapshotFiles(String id) throws Exception {
        Path dir = berthd.dataRoot.resolve("vm/snapshots").resolve(id);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
