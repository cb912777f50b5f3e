package dev.berth.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Full-OS VMs ({@code berth vm create}): the guest's own init (systemd, sysvinit, busybox init) becomes PID 1 on the
 * root disk, where a VM run from an image otherwise has Berth's init run one workload. Marked by labels, as OCI
 * runtimes take such settings as annotations, so that any client that can set labels (the docker CLI too) can ask
 * for one. The init is the container's command; its console is the VM's serial port, which logs and attach show.
 */
public final class GuestOs {
    /** Label whose value {@code os} asks for the guest's own init. */
    public static final String BOOT_LABEL = "dev.berth.vm.boot";
    public static final String OS = "os";
    /** Label holding the absolute path of a disk image (raw or qcow2) that a full-OS VM boots instead of an image's files. */
    public static final String DISK_LABEL = "dev.berth.vm.disk";
    /** The absolute path of the guest's own kernel, booted instead of Berth's. */
    public static final String KERNEL_LABEL = "dev.berth.vm.kernel";
    /** The absolute path of the guest's own initramfs, booted instead of Berth's (with its own kernel only). */
    public static final String INITRD_LABEL = "dev.berth.vm.initrd";
    /** The kernel command line for the guest's own kernel. */
    public static final String APPEND_LABEL = "dev.berth.vm.append";
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

    /** The value of one of the labels above, when set. */
    public static Optional<String> setting(Map<String, String> labels, String label) {
        return Optional.ofNullable(labels.get(label));
    }

    /**
     * Refuses what cannot boot: the labels above on anything but a full-OS VM, files that are not absolute paths of
     * readable files, and an initramfs without its kernel.
     */
    public static void validate(Map<String, String> labels, boolean vm) {
        List<String> given = List.of(DISK_LABEL, KERNEL_LABEL, INITRD_LABEL, APPEND_LABEL).stream().filter(labels::containsKey).toList();
        if (!given.isEmpty() && !(vm && requested(labels))) {
            throw BerthException.invalid("%s apply to full-OS VMs only (berth vm create)".formatted(String.join(", ", given)));
        }
        for (String file : List.of(DISK_LABEL, KERNEL_LABEL, INITRD_LABEL)) {
            setting(labels, file).map(Path::of).filter(p -> !p.isAbsolute() || !Files.isRegularFile(p) || !Files.isReadable(p))
                    .ifPresent(p -> {
                        throw BerthException.invalid("VM %s %s is not a readable file (give an absolute path)"
                                .formatted(file.substring(file.lastIndexOf('.') + 1), p));
                    });
        }
        if (labels.containsKey(INITRD_LABEL) && !labels.containsKey(KERNEL_LABEL)) {
            throw BerthException.invalid("an initramfs of the VM's own (--initrd) goes with its own kernel (--kernel)");
        }
    }
}
