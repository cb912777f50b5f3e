package dev.berth.common;

import java.util.Map;
import java.util.Optional;

/**
 * Full-OS VMs ({@code berth vm create}): the guest's own init (systemd, sysvinit, busybox init) becomes PID 1 on the
 * root disk, where a VM run from an image otherwise has Berth's init run one workload. Marked by a label, as OCI
 * runtimes take such settings as annotations, so that any client that can set labels (the docker CLI too) can ask
 * for one. The init is the container's command; its console is the VM's serial port, which logs and attach show.
 */
public final class GuestOs {
    /** Label whose value {@code os} asks for the guest's own init. */
    public static final String BOOT_LABEL = "dev.berth.vm.boot";
    public static final String OS = "os";
    /** Label holding the absolute path of a disk image (raw or qcow2) that a full-OS VM boots instead of an image's files. */
    public static final String DISK_LABEL = "dev.berth.vm.disk";
    /** How long {@code stop} waits for a guest OS to shut down before it kills the VM, unless told otherwise. */
    public static final int STOP_TIMEOUT_SECONDS = 60;

    private GuestOs() {}

    public static boolean requested(Map<String, String> labels) {
        return OS.equals(labels.get(BOOT_LABEL));
    }

    /** The disk image a full-OS VM boots, when it was made from one ({@code berth vm create --disk}). */
    public static Optional<String> disk(Map<String, String> labels) {
        return Optional.ofNullable(labels.get(DISK_LABEL));
    }
}
