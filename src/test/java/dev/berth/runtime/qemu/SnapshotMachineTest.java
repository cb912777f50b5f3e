package dev.berth.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.Json;
import dev.berth.runtime.VmSnapshotRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotMachineTest {
    private static final String ID = "ab".repeat(32);
    private static final VmSnapshotRef SNAPSHOT = new VmSnapshotRef(ID, "s1");

    @TempDir
    Path dir;

    @Test
    void survivesItsJsonFile() {
        SnapshotMachine machine = new SnapshotMachine("tcg", 256, 1, true, List.of(GuestAgent.portName(0, "in")), "/data/vm/images/x.ext4");
        assertThat(Json.parse(Json.bytes(machine), SnapshotMachine.class, "machine")).isEqualTo(machine);
    }

    @Test
    void aVmResumesOnlyUnderTheSameAcceleratorWithTheSameNicShapeAndItsBaseDisk() throws IOException {
        VmDirs dirs = new VmDirs(dir, dir.resolve("logs"), ID);
        Files.createDirectories(dirs.dir());
        Path base = Files.writeString(dir.resolve("base.ext4"), "disk");
        SnapshotMachine withoutNic = new SnapshotMachine("tcg", 256, 1, false, List.of(), base.toString());
        assertThat(withoutNic.requireResumableAs(SNAPSHOT, dirs, "tcg")).isSameAs(withoutNic);

        assertThatThrownBy(() -> withoutNic.requireResumableAs(SNAPSHOT, dirs, "kvm"))
                .hasMessageContaining("snapshot s1 was taken under tcg, and VMs here run under kvm");
        Files.writeString(dirs.network(), "with a NIC");
        assertThatThrownBy(() -> withoutNic.requireResumableAs(SNAPSHOT, dirs, "tcg"))
                .hasMessageContaining("snapshot s1 was taken of a VM without a network, and VM " + ID + " has one");
        Files.delete(dirs.network());
        Files.delete(base);
        assertThatThrownBy(() -> withoutNic.requireResumableAs(SNAPSHOT, dirs, "tcg"))
                .hasMessageContaining("the root disk " + base + " that snapshot s1 is based on is gone");
    }

    @Test
    void snapshotNamesAreCheckedOnce() {
        assertThatThrownBy(() -> new VmSnapshotRef(ID, "../escape")).hasMessageContaining("invalid snapshot name '../escape'");
        assertThatThrownBy(() -> new VmSnapshotRef(ID, ".hidden")).hasMessageContaining("invalid snapshot name");
        assertThatThrownBy(() -> new VmSnapshotRef("vm", "ok")).hasMessageContaining("container id must be 64 hex digits");
        assertThat(new VmSnapshotRef(ID, "before-upgrade_2.1").name()).isEqualTo("before-upgrade_2.1");
    }
}
