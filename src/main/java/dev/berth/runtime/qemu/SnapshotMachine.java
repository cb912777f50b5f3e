package dev.berth.runtime.qemu;

import dev.berth.common.BerthException;
import dev.berth.runtime.VmSnapshotRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a snapshot was taken of, which a QEMU resuming from it must match: migration state carries device
 * state, not device configuration, so sizes and devices must be the same on both sides (QEMU fails the load of a
 * mismatching one, or worse, loads it).
 *
 * @param accelerator "tcg" or "kvm": CPU state of one does not load into the other
 * @param memoryMiB   guest memory
 * @param cpus        vCPUs
 * @param network     whether it had a NIC
 * @param execPorts   the exec slots' ports that were plugged in ({@link GuestAgent#portName})
 * @param base        the raw disk the snapshot's qcow2 disk is backed by: its image's shared one; empty when the
 *                    snapshot's disk stands alone (the VM had a root disk of its own)
 */
record SnapshotMachine(String accelerator, long memoryMiB, int cpus, boolean network, List<String> execPorts, String base) {
    SnapshotMachine {
        execPorts = List.copyOf(execPorts);
    }

    /**
     * This machine, if the VM of {@code dirs} can be resumed as it: the same accelerator, a NIC if and only if the VM
     * has one, and the raw disk under the snapshot's disk still there. Memory and CPUs are the snapshot's anyway.
     */
    SnapshotMachine requireResumableAs(VmSnapshotRef snapshot, VmDirs dirs, String vmAccelerator) {
        if (!accelerator.equals(vmAccelerator)) {
            throw BerthException.invalid("snapshot %s was taken under %s, and VMs here run under %s: it cannot be resumed here"
                    .formatted(snapshot.name(), accelerator, vmAccelerator));
        }
        boolean vmNetwork = Files.exists(dirs.network());
        if (network != vmNetwork) {
            throw BerthException.invalid("snapshot %s was taken of a VM %s a network, and VM %s has %s"
                    .formatted(snapshot.name(), network ? "with" : "without", dirs.id(), vmNetwork ? "one" : "none"));
        }
        if (!base.isEmpty() && !Files.exists(Path.of(base))) {
            throw BerthException.internal("the root disk %s that snapshot %s is based on is gone".formatted(base, snapshot.name()));
        }
        return this;
    }
}
