package dev.berth.runtime;

import java.util.Set;

/**
 * What a VM runtime does beyond a {@link ContainerRuntime}: snapshots of a running VM's memory and disk, VMs
 * resumed from them instead of booted, and root disks kept per image. Ids are those of the {@link ContainerRuntime}.
 *
 * <p>Legal by state: {@code snapshot} and {@code restore} while the VM is RUNNING or PAUSED; {@code startFrom} when
 * it is CREATED; the rest in any state. Snapshots outlive the VM's runs and the daemon, until removed.
 */
public interface VmRuntime {
    /**
     * Saves the memory and root disk of VM {@code snapshot.vmId()} as {@code snapshot}, pausing it meanwhile; returns
     * the bytes the snapshot takes. CONFLICT when the name is taken; nothing is kept when it fails.
     */
    long snapshot(VmSnapshotRef snapshot);

    /**
     * Puts running VM {@code id} back into {@code snapshot}: its hypervisor is replaced by one that resumes from the
     * snapshot's memory and disk, without a boot, and the guest takes the VM's current identity (hostname, MAC,
     * address) again. Returns the new hypervisor's pid. Should the resumed one fail, the VM has exited.
     */
    int restore(String id, VmSnapshotRef snapshot);

    /**
     * Starts CREATED VM {@code id} from {@code snapshot} (its own or another VM's) instead of booting it; the guest
     * then takes {@code id}'s identity. Returns the hypervisor's pid, as {@link ContainerRuntime#start} does.
     */
    int startFrom(String id, VmSnapshotRef snapshot);

    /** Deletes a snapshot's files; a no-op if there are none. */
    void removeSnapshot(VmSnapshotRef snapshot);

    /** Deletes every snapshot of VM {@code vmId}, which is gone for good. */
    void removeSnapshots(String vmId);

    /**
     * Deletes the root disks kept for images other than {@code imageIds} (the images that still exist), except those a
     * VM or a snapshot still reads.
     */
    void retainRootDisks(Set<String> imageIds);
}
