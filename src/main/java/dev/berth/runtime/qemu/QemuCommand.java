package dev.berth.runtime.qemu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The qemu-system-x86_64 command line of one VM: a {@code microvm} machine (no PCI, no firmware; under TCG it
 * boots as fast as q35 and much faster than pc), Berth's kernel and initramfs, the root disk and virtio-serial
 * ports as virtio-mmio devices, the kernel console in a file, and QMP on a unix socket. The ports: the workload's
 * stdout, stderr and status (files), its signals (a FIFO pair), and the guest agent's, a unix socket that berthd
 * connects to when it execs ({@link GuestAgent}, which plugs in the exec slots' ports when they are first used).
 *
 * @param accelerator "kvm" or "tcg"
 * @param tscKhz      the TSC frequency the guest kernel is told, so it need not calibrate it; 0 to let it
 * @param network     the guest's NIC, on the tap in the sandbox QEMU runs in; absent for a VM without a network
 */
record QemuCommand(Path qemu, Path kernel, VmDirs dirs, String accelerator, int cpus, long memoryMiB, long tscKhz,
                   Optional<GuestNetwork> network) {
    /** The virtio-serial device, whose bus the guest agent's exec slots are plugged into ({@link GuestAgent}). */
    static final String SERIAL_DEVICE = "berth-serial";
    /** panic=-1: a guest kernel that panics powers off at once, so its QEMU exits and the VM counts as ended. */
    static final String KERNEL_ARGS = "console=ttyS0 quiet panic=-1";

    List<String> argv() {
        List<String> argv = new ArrayList<>(List.of(qemu.toString(),
                "-name", "berth-" + dirs.id().substring(0, 12),
                "-machine", "microvm", "-accel", accelerator, "-cpu", "max",
                "-smp", String.valueOf(cpus), "-m", memoryMiB + "M",
                "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-kernel", kernel.toString(), "-initrd", dirs.initrd().toString(), "-append", KERNEL_ARGS + (tscKhz > 0 ? " tsc_early_khz=" + tscKhz : ""),
                "-serial", "file:" + dirs.console(),
                "-drive", "id=root,if=none,format=raw,file=" + option(dirs.disk()),
                "-device", "virtio-blk-device,drive=root",
                "-device", "virtio-serial-device,id=" + SERIAL_DEVICE));
        port(argv, "out", "file,path=" + option(dirs.stdout()), "berth.stdout");
        port(argv, "err", "file,path=" + option(dirs.stderr()), "berth.stderr");
        port(argv, "status", "file,path=" + option(dirs.status()), "berth.status");
        port(argv, "signal", "pipe,path=" + option(dirs.signalPipe()), "berth.signal");
        port(argv, "agent", socket(dirs.agentSocket()), "berth.agent");
        network.ifPresent(n -> argv.addAll(n.qemuArgs()));
        argv.addAll(List.of("-qmp", "unix:" + option(dirs.qmpSocket()) + ",server=on,wait=off"));
        return argv;
    }

    private static void port(List<String> argv, String id, String backend, String name) {
        argv.addAll(List.of("-chardev", backend.replaceFirst(",", ",id=" + id + ","),
                "-device", "virtserialport,chardev=" + id + ",name=" + name));
    }

    /** A unix socket QEMU listens on without waiting for a client; the guest sees whether one is connected. */
    private static String socket(Path socket) {
        return "socket,path=" + option(socket) + ",server=on,wait=off";
    }

    /** QEMU splits option values at commas; a comma inside a value is written twice. */
    static String option(Path path) {
        return path.toString().replace(",", ",,");
    }
}
