package dev.berth.engine;

import dev.berth.common.BerthException;
import dev.berth.common.Database;
import dev.berth.common.GuestOs;
import dev.berth.common.Ids;
import dev.berth.runtime.Isolation;
import dev.berth.runtime.VmRuntime;
import dev.berth.runtime.VmSnapshotRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Snapshots of VMs (containers run with {@code --isolation vm}): taken of a running VM (memory and disk), listed,
 * removed, restored (a running VM resumes from one without a boot; a stopped one starts from it) and cloned (a new
 * VM resumed from one, with its own name, hostname, MAC and address). The files are the VM runtime's; the metadata
 * is a row per snapshot, written after the files and deleted before them, under the VM's lock.
 *
 * <p>Legal by state: snapshot while the VM is running or paused; restore, list and remove in any state; clone from a
 * named snapshot in any state, from the VM itself while it runs.
 */
public final class VmSnapshots {
    private final ContainerService containers;
    private final VmSnapshotStore store;
    private final VmRuntime vms;

    public VmSnapshots(ContainerService containers, Database db, VmRuntime vms) {
        this.containers = containers;
        this.store = new VmSnapshotStore(db);
        this.vms = vms;
    }

    /** Takes snapshot {@code name} of VM {@code ref}. CONFLICT when it has one of that name or is not running. */
    public VmSnapshot take(String ref, String name) {
        Container vm = requireVm(ref);
        VmSnapshotRef snapshot = new VmSnapshotRef(vm.id(), name);
        return containers.locked(vm.id(), () -> {
            if (store.find(vm.id(), name).isPresent()) {
                throw BerthException.conflict("VM %s already has a snapshot named %s: pick another name or remove it first (berth vm snapshot rm %s %s)"
                        .formatted(vm.name(), name, vm.name(), name));
            }
            if (!containers.inspect(vm.id()).state().isRunning()) {
                throw BerthException.conflict("VM %s is not running: a snapshot holds a running VM's memory (start it first)".formatted(vm.name()));
            }
            VmSnapshot taken = new VmSnapshot(vm.id(), name, Instant.now(), vms.snapshot(snapshot));
            try {
                store.insert(taken);
            } catch (RuntimeException e) {
                vms.removeSnapshot(snapshot);
                throw e;
            }
            return taken;
        });
    }

    /** The snapshots of VM {@code ref}, oldest first. */
    public List<VmSnapshot> list(String ref) {
        return store.of(requireVm(ref).id());
    }

    /** Removes snapshot {@code name} of VM {@code ref}; NOT_FOUND when it has none of that name. */
    public void remove(String ref, String name) {
        Container vm = requireVm(ref);
        containers.locked(vm.id(), () -> {
            VmSnapshot snapshot = require(vm, name);
            store.delete(vm.id(), name);
            vms.removeSnapshot(new VmSnapshotRef(vm.id(), snapshot.name()));
            return null;
        });
    }

    /**
     * Puts VM {@code ref} back into snapshot {@code name}: a running (or paused) VM resumes from it in place of what it
     * ran, a stopped one starts from it. Either way the workload runs on from the snapshot's moment without a boot.
     */
    public Container restore(String ref, String name) {
        Container vm = requireVm(ref);
        VmSnapshotRef snapshot = new VmSnapshotRef(vm.id(), require(vm, name).name());
        if (vm.state().isRunning()) {
            containers.restoreRunning(vm.id(), snapshot);
        } else {
            containers.startFrom(vm.id(), snapshot);
        }
        return containers.inspect(vm.id());
    }

    /**
     * A new VM named {@code name}, made like VM {@code ref} and started from its snapshot {@code snapshotName}, or
     * without one from its state now (it must be running), with its own identity. A clone that fails to start is
     * removed again.
     */
    public Container clone(String ref, Optional<String> snapshotName, String name) {
        Container vm = requireVm(ref);
        if (GuestOs.requested(vm.config().labels())) {
            // A clone takes its own address and hostname through Berth's guest agent, which a guest's own OS lacks.
            throw BerthException.invalid("VM %s runs its own OS, which cannot take a clone's new identity: snapshots and restores work, clones do not"
                    .formatted(vm.name()));
        }
        Optional<VmSnapshotRef> named = snapshotName.map(s -> new VmSnapshotRef(vm.id(), require(vm, s).name()));
        // Of the running VM, through a snapshot of its own that only this clone uses.
        VmSnapshotRef snapshot = named.orElseGet(() -> new VmSnapshotRef(vm.id(), "clone-" + Ids.newId().substring(0, 16)));
        if (named.isEmpty()) {
            containers.locked(vm.id(), () -> {
                if (!containers.inspect(vm.id()).state().isRunning()) {
                    throw BerthException.conflict("VM %s is not running: clone one of its snapshots instead (berth vm clone %s:SNAPSHOT %s)"
                            .formatted(vm.name(), vm.name(), name));
                }
                return vms.snapshot(snapshot);
            });
        }
        try {
            Container clone = containers.createClone(vm, name);
            try {
                containers.startFrom(clone.id(), snapshot);
            } catch (RuntimeException e) {
                containers.remove(clone.id(), true, false);
                throw e;
            }
            return containers.inspect(clone.id());
        } finally {
            if (named.isEmpty()) {
                vms.removeSnapshot(snapshot);
            }
        }
    }

    private VmSnapshot require(Container vm, String name) {
        return store.find(vm.id(), new VmSnapshotRef(vm.id(), name).name()).orElseThrow(() -> BerthException.notFound(
                "VM %s has no snapshot named %s (see: berth vm snapshot ls %s)".formatted(vm.name(), name, vm.name())));
    }

    /** The VM {@code ref} names; NOT_FOUND for no container, INVALID for a container that is not a VM. */
    private Container requireVm(String ref) {
        Container c = containers.inspect(ref);
        if (c.hostSettings().isolationKind() != Isolation.VM) {
            throw BerthException.invalid("%s is a container, not a VM: snapshots, restores and clones are for VMs (berth run --isolation vm)"
                    .formatted(c.name()));
        }
        return c;
    }
}
