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
 * <p>A QEMU that is to resume from a snapshot ({@code incoming}) waits for its memory ({@code -incoming defer}, then
 * QMP {@code migrate-incoming}) and must have the devices the snapshot's machine had, exec slots' ports included: each
 * port has a fixed number ({@code nr}), as the guest's virtio-serial state names ports by number.
 *
 * @param accelerator "kvm" or "tcg"
 * @param tscKhz      the TSC frequency the guest kernel is told, so it need not calibrate it; 0 to let it
 * @param network     the guest's NIC, on the tap in the sandbox QEMU runs in; absent for a VM without a network
 * @param execPorts   the exec slots' ports to have from the start ({@link GuestAgent#portName}): those plugged into
 *                    the machine a snapshot was taken of; none for a boot
 * @param incoming    whether QEMU waits for a snapshot's memory instead of booting
 * @param console     whether the serial port is an interactive console on a socket ({@link SerialConsole}), as a
 *                    full-OS VM's is, rather than the kernel's log in a file
 * @param append      the command line of a guest's own kernel, with the serial console unless it names one;
 *                    empty for Berth's
 */
record QemuCommand(Path qemu, Path kernel, VmDirs dirs, String accelerator, int cpus, long memoryMiB, long tscKhz,
                   Optional<GuestNetwork> network, List<String> execPorts, boolean incoming, boolean console,
                   Optional<String> append) {
    /** A QEMU that boots the VM. */
    QemuCommand(Path qemu, Path kernel, VmDirs dirs, String accelerator, int cpus, long memoryMiB, long tscKhz,
                Optional<GuestNetwork> network) {
        this(qemu, kernel, dirs, accelerator, cpus, memoryMiB, tscKhz, network, List.of(), false, false, Optional.empty());
    }

    /** The virtio-serial device, whose bus the guest agent's exec slots are plugged into ({@link GuestAgent}). */
    static final String SERIAL_DEVICE = "berth-serial";
    /** panic=-1: a guest kernel that panics powers off at once, so its QEMU exits and the VM counts as ended. */
    static final String KERNEL_ARGS = "console=ttyS0 quiet panic=-1";
    private static final int AGENT_PORT = 5;

    QemuCommand {
        execPorts = List.copyOf(execPorts);
    }

    List<String> argv() {
        List<String> argv = new ArrayList<>(List.of(qemu.toString(),
                "-name", "berth-" + dirs.id().substring(0, 12),
                "-machine", "microvm", "-accel", accelerator, "-cpu", "max",
                "-smp", String.valueOf(cpus), "-m", memoryMiB + "M",
                "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-kernel", kernel.toString(), "-initrd", dirs.initrd().toString(), "-append", kernelArgs(),
                "-serial", console ? "chardev:console" : "file:" + dirs.console(),
                "-drive", "id=root,if=none,format=qcow2,file=" + option(dirs.disk()),
                "-device", "virtio-blk-device,drive=root",
                "-device", "virtio-serial-device,id=" + SERIAL_DEVICE));
        // append: a QEMU that resumes a VM in place of another writes on where that one stopped.
        port(argv, "out", "file,append=on,path=" + option(dirs.stdout()), "berth.stdout", 1);
        port(argv, "err", "file,append=on,path=" + option(dirs.stderr()), "berth.stderr", 2);
        port(argv, "status", "file,append=on,path=" + option(dirs.status()), "berth.status", 3);
        port(argv, "signal", "pipe,path=" + option(dirs.signalPipe()), "berth.signal", 4);
        port(argv, "agent", socket(dirs.agentSocket()), "berth.agent", AGENT_PORT);
        for (String name : execPorts) {
            port(argv, name, socket(dirs.slotSocket(GuestAgent.slotOf(name), GuestAgent.streamOf(name))), name, portNumber(name));
        }
        if (console) {
            argv.addAll(List.of("-chardev", socket(dirs.consoleSocket()).replaceFirst(",", ",id=console,")));
        }
        network.ifPresent(n -> argv.addAll(n.qemuArgs()));
        argv.addAll(List.of("-qmp", "unix:" + option(dirs.qmpSocket()) + ",server=on,wait=off"));
        if (incoming) {
            argv.addAll(List.of("-incoming", "defer"));
        }
        return argv;
    }

    private String kernelArgs() {
        String args = append.map(a -> a.contains("console=") ? a : "console=ttyS0 " + a).orElse(KERNEL_ARGS);
        return args + (tscKhz > 0 ? " tsc_early_khz=" + tscKhz : "");
    }

    /**
     * The number of an exec slot's port: after the five above (virtio-serial keeps 0 for a console), three per slot,
     * so that a machine resumed from a snapshot numbers them as the one the snapshot was taken of.
     */
    static int portNumber(String execPort) {
        return AGENT_PORT + 1 + GuestAgent.slotOf(execPort) * GuestAgent.STREAMS.size()
                + GuestAgent.STREAMS.indexOf(GuestAgent.streamOf(execPort));
    }

    private static void port(List<String> argv, String id, String backend, String name, int number) {
        argv.addAll(List.of("-chardev", backend.replaceFirst(",", ",id=" + id + ","),
                "-device", "virtserialport,id=" + id + ",chardev=" + id + ",name=" + name + ",nr=" + number));
    }

    /** A unix socket QEMU listens on without waiting for a client; the guest sees whether one is connected. */
    static String socket(Path socket) {
        return "socket,path=" + option(socket) + ",server=on,wait=off";
    }

    /** QEMU splits option values at commas; a comma inside a value is written twice. */
    static String option(Path path) {
        return path.toString().replace(",", ",,");
    }
}
