package dev.berth.runtime.qemu;

import java.nio.file.Path;

/**
 * Where one VM's files live. Everything QEMU and the guest write (output, status, pid) sits in the VM's directory
 * under the state directory, so a daemon that restarts finds the VM's state there; the log, in conmon's format,
 * sits under the log root and outlives the VM.
 */
record VmDirs(Path stateDir, Path logRoot, String id) {
    static Path vmsDir(Path stateDir) {
        return stateDir.resolve("vms");
    }

    /** Sockets live apart, named by a short id, because unix socket paths are limited to 108 bytes. */
    static Path socketsDir(Path stateDir) {
        return stateDir.resolve("sock");
    }

    Path dir() {
        return vmsDir(stateDir).resolve(id);
    }

    /** The root disk the guest writes: a qcow2 overlay on the raw ext4 disk named in {@link #baseFile}. */
    Path disk() {
        return dir().resolve("root.qcow2");
    }

    /** The raw ext4 disk of this VM alone, made when its root file system is not an image's as it is. */
    Path privateBase() {
        return dir().resolve("root.ext4");
    }

    /** The path of the raw disk under the overlay: an image's shared one ({@link ImageDisks}) or {@link #privateBase}. */
    Path baseFile() {
        return dir().resolve("base");
    }

    /** Berth's base initramfs followed by this VM's spec archive. */
    Path initrd() {
        return dir().resolve("initrd.cpio");
    }

    /** The guest's stdout and stderr, written by QEMU's file chardevs; the log pump turns them into the log. */
    Path stdout() {
        return dir().resolve("stdout");
    }

    Path stderr() {
        return dir().resolve("stderr");
    }

    /** "ready" then "exit CODE" or "error MESSAGE" lines from the guest init. */
    Path status() {
        return dir().resolve("status");
    }

    Path pidFile() {
        return dir().resolve("qemu.pid");
    }

    /** QEMU's own stdout and stderr: why it failed to start, if it did. */
    Path qemuLog() {
        return dir().resolve("qemu.log");
    }

    /** The guest kernel's console, for diagnosing boots that never reach the init. */
    Path console() {
        return dir().resolve("console.log");
    }

    /** How the VM ended, written once QEMU is gone and the output is in the log. */
    Path exitFile() {
        return dir().resolve("exit");
    }

    /** Present once the exit was handed to the exit listener, so a restarted daemon does not report it twice. */
    Path exitReportedMarker() {
        return dir().resolve("exit-reported");
    }

    /** "ACCELERATOR MILLIS" once the guest said it was ready. */
    Path bootFile() {
        return dir().resolve("boot");
    }

    /** How far the log pump has read stdout and stderr, so a restarted daemon carries on where it stopped. */
    Path logOffsets() {
        return dir().resolve("log-offsets");
    }

    /** The guest's NIC ({@link GuestNetwork#toFile}); absent for a VM without a network. */
    Path network() {
        return dir().resolve("network");
    }

    /** The script that gives a guest resumed from a snapshot this VM's identity ({@link GuestScript#identity}). */
    Path identity() {
        return dir().resolve("identity.sh");
    }

    /** Present while QEMU is being replaced by one resumed from a snapshot: the old one's end is no exit of the VM. */
    Path restoringMarker() {
        return dir().resolve("restoring");
    }

    Path resources() {
        return dir().resolve("resources");
    }

    Path pausedMarker() {
        return dir().resolve("paused");
    }

    Path qmpSocket() {
        return socketsDir(stateDir).resolve(id.substring(0, 16) + ".qmp");
    }

    /** A full-OS VM's serial console ({@link SerialConsole}), which QEMU serves and berthd connects to. */
    Path consoleSocket() {
        return socketsDir(stateDir).resolve(id.substring(0, 16) + ".con");
    }

    /** A copy of the guest's own kernel ({@code --kernel}), booted instead of Berth's. */
    Path ownKernel() {
        return dir().resolve("vmlinuz");
    }

    /** The kernel command line of a VM with its own kernel ({@code --append}). */
    Path appendFile() {
        return dir().resolve("append");
    }

    /** Present when {@link #initrd} is the guest's own initramfs, which has no Berth init to say it is ready. */
    Path ownInitrdMarker() {
        return dir().resolve("own-initrd");
    }

    /** Present for a full-OS VM ({@link dev.berth.common.GuestOs}), whose own init runs with the serial console. */
    Path osMarker() {
        return dir().resolve("os");
    }

    /** The guest agent's sockets ({@link GuestAgent}): QEMU listens on them, berthd connects. */
    Path agentSockets() {
        return socketsDir(stateDir).resolve(id.substring(0, 16));
    }

    /** Where berthd sends exec requests and reads the replies. */
    Path agentSocket() {
        return agentSockets().resolve("agent");
    }

    /** One stream of exec slot {@code slot}: "in", "out" or "err". */
    Path slotSocket(int slot, String stream) {
        return agentSockets().resolve(slot + "." + stream);
    }

    /**
     * The base name of the FIFO pair of the signal port: QEMU reads {@code signal.in}, where the host writes the
     * numbers of signals to forward to the workload, and writes {@code signal.out}, which stays unused. FIFOs,
     * not a socket: a virtio-serial port whose host side is not connected reads as end of file in the guest.
     */
    Path signalPipe() {
        return dir().resolve("signal");
    }

    Path signalInput() {
        return dir().resolve("signal.in");
    }

    Path logDir() {
        return logRoot.resolve(id);
    }

    Path logFile() {
        return logDir().resolve("container.log");
    }
}
