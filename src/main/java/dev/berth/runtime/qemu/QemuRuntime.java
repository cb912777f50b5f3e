package dev.berth.runtime.qemu;

import dev.berth.common.AtomicFiles;
import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.HostMemory;
import dev.berth.common.FileTrees;
import dev.berth.common.GuestOs;
import dev.berth.common.HostCommand;
import dev.berth.runtime.Accelerator;
import dev.berth.runtime.ContainerRuntime;
import dev.berth.runtime.ContainerSpec;
import dev.berth.runtime.ContainerStats;
import dev.berth.runtime.ContainerStatus;
import dev.berth.runtime.ExecProcess;
import dev.berth.runtime.ExecSpec;
import dev.berth.runtime.ExitStatus;
import dev.berth.runtime.HostProc;
import dev.berth.runtime.LogEntry;
import dev.berth.runtime.LogQuery;
import dev.berth.runtime.Resources;
import dev.berth.runtime.RuntimeInfo;
import dev.berth.runtime.RuntimeDirectories;
import dev.berth.runtime.RuntimeState;
import dev.berth.runtime.VmBoot;
import dev.berth.runtime.VmRuntime;
import dev.berth.runtime.VmSnapshotRef;
import dev.berth.runtime.logfile.ConmonLogReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link ContainerRuntime} that runs each container as a QEMU microVM: the container's root file system becomes
 * an ext4 root disk, Berth's initramfs (busybox, guest init, virtio and ext4 modules) boots the host's or Debian's
 * kernel, and the guest init runs the container's process with its env, workdir and user. QEMU runs in its own
 * session, so it outlives the daemon; all state is in the VM's directory ({@link VmDirs}), from which a new
 * instance re-adopts running VMs and reports exits that happened meanwhile.
 *
 * <p>States: a directory without a pid file is CREATED; a live QEMU is RUNNING (PAUSED with the paused marker);
 * a pid whose QEMU is gone is EXITED, with the guest's exit code, or 137 when QEMU died without one.
 */
public final class QemuRuntime implements ContainerRuntime, VmRuntime, AutoCloseable {
    static final long DEFAULT_MEMORY_MIB = 256;
    /** Below this the kernel and initramfs do not fit. */
    static final long MIN_MEMORY_MIB = 128;
    /** Free space on the root disk beyond what the image holds. */
    static final long DISK_HEADROOM = 256L * 1024 * 1024;
    static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration POLL = Duration.ofMillis(20);
    static final int EXIT_QEMU_DIED = 137;
    static final int EXIT_INIT_FAILED = 255;
    /** The runtime's name in {@code info} and a VM's HostConfig.Runtime. */
    public static final String NAME = "qemu";
    private static final int SIGKILL = 9;
    private static final String MISSING_QEMU = "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)";
    private static final System.Logger LOG = System.getLogger(QemuRuntime.class.getName());
    /** Modules the guest loads: virtio-mmio devices (microvm), the root disk, the serial ports, the NIC, ext4. */
    static final List<String> GUEST_MODULES = List.of("virtio_mmio", "virtio_blk", "virtio_console", "virtio_net", "crc32c_generic",
            "ext4");
    /** The busybox applets init.sh calls, linked in the archive: busybox --install would cost the guest ~80 ms. */
    static final List<String> INIT_APPLETS = List.of("sh", "mkdir", "mount", "insmod", "cat", "dirname", "hostname", "kill",
            "sync", "poweroff", "env", "ip", "setsid", "switch_root");
    /** {@code top}: the guest's processes as busybox's ps lists them, in Docker's column order where it has them. */
    static final String TOP_COMMAND = "/bin/busybox ps -o user,pid,ppid,stat,args";
    private static final int TOP_COLUMNS = 5;
    /** What a full-OS VM loads besides: the ACPI power button, and input events, where its init hears the button. */
    static final List<String> OS_MODULES = List.of("button", "evdev");
    /** Signals a full-OS VM takes as a press of its power button (ACPI): stop's SIGTERM, SIGINT, SIGPWR. */
    private static final Set<Integer> POWER_BUTTON_SIGNALS = Set.of(15, 2, 30);

    private final Path stateDir;
    private final Path logRoot;
    private final ImageDisks imageDisks;
    private final SnapshotFiles snapshots;
    private final Path qemu;
    private final Optional<Path> configuredKernel;
    private final Path busybox;
    private final Accelerator accelerator;
    private final long tscKhz = hostTscKhz(Path.of("/proc/cpuinfo"));
    private final HostProc host = new HostProc(Path.of("/proc"));
    private final Map<String, Thread> monitors = new ConcurrentHashMap<>();
    /** The serial consoles of running full-OS VMs. */
    private final Map<String, SerialConsole> consoles = new ConcurrentHashMap<>();
    /** Connections to the guest agents of running VMs, made at their first exec. */
    private final Map<String, GuestAgent> agents = new ConcurrentHashMap<>();
    private volatile Consumer<ExitEvent> listener;
    private byte[] baseInitramfs;
    private Path baseKernel;
    private volatile boolean closed;

    private QemuRuntime(Path stateDir, Path logRoot, ImageDisks imageDisks, SnapshotFiles snapshots, Path qemu,
                        Optional<Path> configuredKernel, Path busybox, Accelerator accelerator) {
        this.stateDir = stateDir;
        this.logRoot = logRoot;
        this.imageDisks = imageDisks;
        this.snapshots = snapshots;
        this.qemu = qemu;
        this.configuredKernel = configuredKernel;
        this.busybox = busybox;
        this.accelerator = accelerator;
    }

    /**
     * Opens the runtime on its directories and probes KVM. The kernel is looked up at each create, so a daemon
     * without one still starts and says what is missing when a VM is asked for.
     *
     * @param stateDir what lives as long as a VM's QEMU (under the exec root)
     * @param logRoot  the VMs' logs, which outlive them
     * @param dataDir  what outlives VMs and daemons: the root disks shared per image, snapshots
     * @param kernel   {@code --vm-kernel}, else the host's /boot, else the kernel scripts/setup.sh fetched
     */
    public static QemuRuntime open(Path stateDir, Path logRoot, Path dataDir, Optional<Path> kernel) {
        Path qemu = Path.of("/usr/bin/qemu-system-x86_64");
        try {
            for (Path dir : List.of(VmDirs.vmsDir(stateDir), VmDirs.socketsDir(stateDir), logRoot)) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw BerthException.internal("cannot create VM directories under %s and %s: %s".formatted(stateDir, logRoot, e.getMessage()), e);
        }
        Accelerator accelerator = Files.isExecutable(qemu) ? KvmProbe.probe(qemu, Path.of("/dev/kvm"))
                : new Accelerator("none", false, MISSING_QEMU);
        Path data = dataDir.toAbsolutePath();
        return new QemuRuntime(stateDir.toAbsolutePath(), logRoot.toAbsolutePath(), ImageDisks.open(data.resolve("images")),
                SnapshotFiles.open(data.resolve("snapshots")), qemu, kernel, Path.of("/bin/busybox"), accelerator);
    }

    /** Which accelerator VMs get, and why not KVM when they do not. */
    public Accelerator accelerator() {
        return accelerator;
    }

    @Override
    public RuntimeInfo info() {
        requireQemu();
        return new RuntimeInfo(NAME, HostCommand.run(List.of(qemu.toString(), "--version"), KvmProbe.TIMEOUT).check()
                .stdout().lines().findFirst().orElse(""), 0);
    }

    /** Checks everything first, then writes the VM's directory: its root disk and initramfs; on failure nothing stays. */
    @Override
    public void create(ContainerSpec spec) {
        requireQemu();
        VmDirs dirs = dirs(spec.id());
        if (Files.exists(dirs.dir())) {
            throw BerthException.conflict("VM " + spec.id() + " already exists in the runtime (delete it first)");
        }
        long memoryMiB = memoryMiB(spec.resources().memoryBytes(), HostMemory.totalBytes().orElse(Long.MAX_VALUE));
        cpus(spec.resources().nanoCpus(), Runtime.getRuntime().availableProcessors());
        // Read before anything is written: a sandbox without an address fails the create with nothing to undo.
        Optional<GuestNetwork> network = spec.network() == ContainerSpec.NetworkMode.JOIN
                ? Optional.of(GuestNetwork.inspect(spec.networkNamespace())) : Optional.empty();
        GuestScript script = GuestScript.of(spec, network);
        byte[] base = baseInitramfs();
        try {
            Files.createDirectories(dirs.dir());
            Files.createDirectories(dirs.logDir());
            if (!Files.exists(dirs.logFile())) {
                Files.createFile(dirs.logFile()); // attach follows the log from start on, before the guest wrote anything
            }
            Initramfs specArchive = new Initramfs().directory("berth/files")
                    .file("berth/spec.sh", 0644, script.script().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < script.files().size(); i++) {
                specArchive.file("berth/files/" + i, 0644, script.files().get(i));
            }
            byte[] perVm = specArchive.toBytes();
            byte[] initrd = new byte[base.length + perVm.length];
            System.arraycopy(base, 0, initrd, 0, base.length);
            System.arraycopy(perVm, 0, initrd, base.length, perVm.length);
            Files.write(dirs.initrd(), initrd);
            ownBootFiles(spec, dirs);
            makeRootDisk(spec, dirs);
            if (GuestOs.requested(spec.labels())) {
                Files.createFile(dirs.osMarker());
            }
            HostCommand.run(List.of("mkfifo", "-m", "600", dirs.signalInput().toString(),
                    dirs.signalPipe().resolveSibling("signal.out").toString()), KvmProbe.TIMEOUT).check();
            writeResources(dirs, memoryMiB, cpus(spec.resources().nanoCpus(), Runtime.getRuntime().availableProcessors()));
            AtomicFiles.write(dirs.identity(), GuestScript.identity(spec, network).getBytes(StandardCharsets.UTF_8));
            if (network.isPresent()) {
                // Last: from here the sandbox's eth0 has no address, which only the guest can take up.
                AtomicFiles.write(dirs.network(), network.get().toFile().getBytes(StandardCharsets.UTF_8));
                network.get().plumb();
            }
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteRecursively(dirs.dir());
            throw e instanceof BerthException be ? be
                    : BerthException.internal("cannot create VM " + spec.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A full-OS VM's own kernel, initramfs and command line ({@link GuestOs}): the files are copied into the VM's
     * directory, so that it boots what it was created with whatever becomes of the originals.
     */
    private static void ownBootFiles(ContainerSpec spec, VmDirs dirs) throws IOException {
        Optional<String> kernel = GuestOs.setting(spec.labels(), GuestOs.KERNEL_LABEL);
        if (kernel.isPresent()) {
            Files.copy(Path.of(kernel.get()), dirs.ownKernel());
        }
        Optional<String> initrd = GuestOs.setting(spec.labels(), GuestOs.INITRD_LABEL);
        if (initrd.isPresent()) {
            Files.copy(Path.of(initrd.get()), dirs.initrd(), StandardCopyOption.REPLACE_EXISTING);
            Files.createFile(dirs.ownInitrdMarker());
        }
        Optional<String> append = GuestOs.setting(spec.labels(), GuestOs.APPEND_LABEL);
        if (append.isPresent()) {
            Files.writeString(dirs.appendFile(), append.get());
        }
    }

    /** The VM's overlay, on its image's shared disk when its root file system is the image's as it is, else on its own. */
    private void makeRootDisk(ContainerSpec spec, VmDirs dirs) throws IOException {
        Path base;
        Optional<String> ownDisk = GuestOs.disk(spec.labels());
        if (ownDisk.isPresent()) {
            base = dirs.privateBase();
            RootDisk.copyOf(Path.of(ownDisk.get()), base);
        } else if (spec.diskBytes() > 0) {
            base = dirs.privateBase();
            RootDisk.buildSized(spec.rootfs(), base, spec.diskBytes());
        } else if (spec.rootImage().isEmpty()) {
            base = dirs.privateBase();
            RootDisk.build(spec.rootfs(), base, DISK_HEADROOM);
        } else {
            base = imageDisks.disk(Digest.parse(spec.rootImage()), spec.rootfs());
        }
        RootDisk.overlay(base, dirs.disk());
        AtomicFiles.write(dirs.baseFile(), base.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Launches QEMU and returns its pid once the guest init says it is about to run the process. */
    @Override
    public int start(String id) {
        VmDirs dirs = requireCreated(id);
        Size size = readResources(dirs);
        Instant launched = Instant.now();
        Process process = launch(dirs, size.memoryMiB(), size.cpus(), List.of(), false);
        CompletableFuture<Boolean> booted = new CompletableFuture<>();
        follow(dirs, process.toHandle(), booted);
        try {
            if (Files.exists(dirs.ownInitrdMarker())) {
                writeBoot(dirs, launched); // no Berth init to say when it is ready: it runs once QEMU does
            } else {
                awaitReady(dirs, process.toHandle(), launched);
            }
            booted.complete(true);
        } catch (RuntimeException e) {
            booted.complete(false);
            throw e;
        }
        return (int) process.pid();
    }

    /**
     * Launches QEMU for the VM, in its network's namespace, and records its pid: to boot, or with {@code incoming} to
     * wait for a snapshot's memory, with the machine's memory, CPUs and plugged exec ports.
     */
    private Process launch(VmDirs dirs, long memoryMiB, int cpus, List<String> execPorts, boolean incoming) {
        Path kernel = Files.exists(dirs.ownKernel()) ? dirs.ownKernel() : GuestKernel.locate(configuredKernel, GuestKernel.SEARCH).kernel();
        Optional<GuestNetwork> network = read(dirs.network()).map(GuestNetwork::fromFile);
        List<String> argv = new ArrayList<>(List.of("setsid"));
        // nsenter execs QEMU in the sandbox's namespace (no fork for a network namespace), so the pid stays QEMU's.
        network.ifPresent(n -> argv.addAll(n.enter()));
        argv.addAll(new QemuCommand(qemu, kernel, dirs, accelerator.name(), cpus, memoryMiB, accelerator.kvmUsable() ? 0 : tscKhz,
                network, execPorts, incoming, Files.exists(dirs.osMarker()), read(dirs.appendFile())).argv());
        try {
            Files.createDirectories(dirs.agentSockets()); // QEMU creates the agent's sockets there, not the directory
            // setsid: QEMU leads its own session, so it neither gets the daemon's signals nor dies with it.
            Process process = new ProcessBuilder(argv).redirectInput(HostCommand.NO_INPUT)
                    .redirectErrorStream(true).redirectOutput(dirs.qemuLog().toFile()).start();
            AtomicFiles.write(dirs.pidFile(), String.valueOf(process.pid()).getBytes(StandardCharsets.US_ASCII));
            return process;
        } catch (IOException e) {
            throw BerthException.internal("cannot launch " + qemu + ": " + e.getMessage(), e);
        }
    }

    /** Saves the VM's memory and disk ({@link SnapshotFiles#save}); it runs on afterwards as it did before. */
    @Override
    public long snapshot(VmSnapshotRef ref) {
        VmDirs dirs = requireKnown(ref.vmId());
        ContainerStatus status = requireStatus(ref.vmId(), "snapshot", ContainerStatus.RUNNING, ContainerStatus.PAUSED);
        Size size = readResources(dirs);
        String sharedBase = read(dirs.baseFile()).filter(base -> !Path.of(base).equals(dirs.privateBase())).orElse("");
        SnapshotMachine machine = new SnapshotMachine(accelerator.name(), size.memoryMiB(), size.cpus(),
                Files.exists(dirs.network()), GuestAgent.pluggedPorts(dirs.qmpSocket()), sharedBase);
        return snapshots.save(ref, dirs, machine, status == ContainerStatus.RUNNING, READY_TIMEOUT);
    }

    /**
     * Ends the VM's QEMU and resumes the VM from the snapshot in a new one, in the same directory and network. While
     * this runs the VM counts as running and the old QEMU's end is not reported; if the new one fails, the VM exits.
     */
    @Override
    public int restore(String id, VmSnapshotRef snapshot) {
        VmDirs dirs = requireKnown(id);
        requireStatus(id, "restore", ContainerStatus.RUNNING, ContainerStatus.PAUSED);
        SnapshotMachine machine = snapshots.machine(snapshot).requireResumableAs(snapshot, dirs, accelerator.name());
        ProcessHandle old = qemuProcess(dirs).orElseThrow(() -> BerthException.conflict("VM " + id + " stopped meanwhile"));
        AtomicFiles.write(dirs.restoringMarker(), new byte[0]);
        Optional<Thread> oldMonitor = Optional.ofNullable(monitors.get(id));
        try {
            closeAgent(id);
            endQemu(dirs, old);
            old.onExit().orTimeout(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
            // Its last pass over the output ends before the new QEMU's monitor starts its own.
            oldMonitor.ifPresent(monitor -> join(monitor, EXIT_TIMEOUT));
            FileTrees.deleteRecursively(dirs.pausedMarker());
            return resume(dirs, snapshot, machine);
        } catch (RuntimeException e) {
            Thread.ofVirtual().start(() -> finish(dirs)); // not here: the exit listener may wait for a lock the caller holds
            throw e;
        } finally {
            FileTrees.deleteRecursively(dirs.restoringMarker());
        }
    }

    @Override
    public int startFrom(String id, VmSnapshotRef snapshot) {
        VmDirs dirs = requireCreated(id);
        return resume(dirs, snapshot, snapshots.machine(snapshot).requireResumableAs(snapshot, dirs, accelerator.name()));
    }

    @Override
    public void removeSnapshot(VmSnapshotRef snapshot) {
        snapshots.remove(snapshot);
    }

    @Override
    public void removeSnapshots(String vmId) {
        RuntimeDirectories.requireId(vmId);
        snapshots.removeAll(vmId);
    }

    /**
     * Resumes the VM from the snapshot in a new QEMU: the snapshot's disk becomes the VM's overlay, QEMU loads its
     * memory with the snapshot's machine, and the guest agent gives the guest this VM's identity. Returns QEMU's pid
     * once the workload runs on, which is the VM's boot-to-ready; on failure QEMU is gone and nothing reports an exit.
     */
    private int resume(VmDirs dirs, VmSnapshotRef snapshot, SnapshotMachine machine) {
        Instant launched = Instant.now();
        try {
            Path temp = dirs.dir().resolve(".restored.qcow2");
            Files.copy(snapshots.disk(snapshot), temp, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.moveIntoPlace(temp, dirs.disk());
        } catch (IOException e) {
            throw BerthException.internal("cannot copy the disk of snapshot %s: %s".formatted(snapshot.name(), e.getMessage()), e);
        }
        if (machine.base().isEmpty()) {
            FileTrees.deleteRecursively(dirs.baseFile());
        } else {
            AtomicFiles.write(dirs.baseFile(), machine.base().getBytes(StandardCharsets.UTF_8));
        }
        writeResources(dirs, machine.memoryMiB(), machine.cpus());
        Process process = launch(dirs, machine.memoryMiB(), machine.cpus(), machine.execPorts(), true);
        CompletableFuture<Boolean> resumed = new CompletableFuture<>();
        follow(dirs, process.toHandle(), resumed);
        try {
            Migration.load(dirs.qmpSocket(), snapshots.memory(snapshot), process.toHandle(), READY_TIMEOUT);
            if (!Files.exists(dirs.osMarker())) { // a full-OS VM has no guest agent; it is only ever restored in place
                GuestIdentity.take(agent(dirs), dirs);
            }
            writeBoot(dirs, launched);
            resumed.complete(true);
            return (int) process.pid();
        } catch (RuntimeException e) {
            resumed.complete(false);
            boolean died = !process.isAlive(); // QEMU exits when a load fails, and says why
            process.destroyForcibly();
            process.onExit().orTimeout(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
            throw died ? BerthException.internal(e.getMessage() + ": " + read(dirs.qemuLog()).orElse("").strip(), e) : e;
        }
    }

    @Override
    public Optional<VmBoot> boot(String id) {
        return read(requireKnown(id).bootFile()).map(text -> {
            String[] parts = text.strip().split(" ");
            return new VmBoot(parts[0], Long.parseLong(parts[1]));
        });
    }

    /** SIGKILL ends QEMU (QMP quit); other signals go to the guest's process through the init's signal port. */
    @Override
    public void kill(String id, int signal) {
        VmDirs dirs = requireKnown(id);
        ContainerStatus status = requireStatus(id, "kill", ContainerStatus.RUNNING, ContainerStatus.PAUSED);
        if (signal == SIGKILL) {
            qemuProcess(dirs).ifPresent(process -> endQemu(dirs, process));
            return;
        }
        if (status == ContainerStatus.PAUSED) {
            throw BerthException.conflict("cannot signal the process of paused VM " + id + ": unpause it first");
        }
        if (Files.exists(dirs.osMarker())) {
            pressPowerButton(dirs, signal);
            return;
        }
        // QEMU holds the FIFO open for reading, so this open does not wait and the line arrives whole (< PIPE_BUF).
        try {
            Files.writeString(dirs.signalInput(), signal + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw BerthException.internal("cannot send signal %d to VM %s: %s".formatted(signal, id, e.getMessage()), e);
        }
    }

    /** A full-OS VM's own init hears no signals from the host: stop's signal presses its ACPI power button instead. */
    private static void pressPowerButton(VmDirs dirs, int signal) {
        if (!POWER_BUTTON_SIGNALS.contains(signal)) {
            throw BerthException.invalid("VM %s runs its own OS, which takes SIGTERM, SIGINT or SIGPWR (its ACPI power button) or SIGKILL, not signal %d"
                    .formatted(dirs.id(), signal));
        }
        Qmp.execute(dirs.qmpSocket(), "system_powerdown");
    }

    /** QMP quit, or SIGKILL when QEMU does not answer; returns without waiting for it to end. */
    private static void endQemu(VmDirs dirs, ProcessHandle process) {
        try {
            Qmp.execute(dirs.qmpSocket(), "quit");
        } catch (BerthException e) {
            LOG.log(System.Logger.Level.WARNING, "QMP quit failed for VM " + dirs.id() + "; killing QEMU", e);
            process.destroyForcibly();
        }
    }

    @Override
    public void pause(String id) {
        VmDirs dirs = requireKnown(id);
        requireStatus(id, "pause", ContainerStatus.RUNNING);
        Qmp.execute(dirs.qmpSocket(), "stop");
        AtomicFiles.write(dirs.pausedMarker(), new byte[0]);
    }

    @Override
    public void resume(String id) {
        VmDirs dirs = requireKnown(id);
        requireStatus(id, "resume", ContainerStatus.PAUSED);
        Qmp.execute(dirs.qmpSocket(), "cont");
        FileTrees.deleteRecursively(dirs.pausedMarker());
    }

    /** A VM's memory and CPUs are fixed when QEMU boots it. */
    @Override
    public void update(String id, Resources limits) {
        requireKnown(id);
        throw BerthException.invalid("cannot change the limits of VM container " + id
                + " while it runs: its memory and CPUs are fixed at boot; stop it, update it and start it again");
    }

    @Override
    public RuntimeState state(String id) {
        VmDirs dirs = requireKnown(id);
        if (!Files.exists(dirs.pidFile())) {
            return new RuntimeState(id, ContainerStatus.CREATED, 0, Optional.empty());
        }
        Optional<ExitStatus> exit = readExit(dirs);
        if (exit.isPresent()) {
            return new RuntimeState(id, ContainerStatus.EXITED, 0, exit);
        }
        if (Files.exists(dirs.restoringMarker())) {
            return new RuntimeState(id, ContainerStatus.RUNNING, 0, Optional.empty());
        }
        Optional<ProcessHandle> process = qemuProcess(dirs);
        if (process.isEmpty()) {
            // Gone, but its monitor has not written the exit yet.
            return new RuntimeState(id, ContainerStatus.EXITED, 0, awaitExit(dirs));
        }
        return new RuntimeState(id, Files.exists(dirs.pausedMarker()) ? ContainerStatus.PAUSED : ContainerStatus.RUNNING,
                (int) process.get().pid(), Optional.empty());
    }

    @Override
    public List<String> list() {
        return RuntimeDirectories.idsIn(VmDirs.vmsDir(stateDir));
    }

    /** Ends QEMU if it runs, waits for its monitor to finish the log, and removes the VM's directory and sockets. */
    @Override
    public void delete(String id) {
        VmDirs dirs = requireKnown(id);
        markReported(dirs); // deleted VMs are no longer tracked, so their exit is not reported
        qemuProcess(dirs).ifPresent(process -> {
            process.destroyForcibly();
            process.onExit().orTimeout(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        });
        // The monitor is not waited for: it may be the caller (the exit listener deletes), or wait in the listener
        // for a lock the caller holds; it finds the directory gone and stops.
        monitors.remove(id);
        closeAgent(id);
        for (Path path : List.of(dirs.qmpSocket(), dirs.agentSockets(), dirs.dir())) {
            FileTrees.deleteRecursively(path);
        }
    }

    @Override
    public void deleteLogs(String id) {
        RuntimeDirectories.requireId(id);
        FileTrees.deleteRecursively(dirs(id).logDir());
    }

    /** Registers the listener, then re-adopts VMs still running and reports those that ended meanwhile. */
    @Override
    public synchronized void onExit(Consumer<ExitEvent> exitListener) {
        if (listener != null) {
            throw BerthException.conflict("an exit listener is already registered; the runtime supports one");
        }
        listener = exitListener;
        for (String id : list()) {
            VmDirs dirs = dirs(id);
            if (!Files.exists(dirs.pidFile()) || monitors.containsKey(id)) {
                continue;
            }
            qemuProcess(dirs).ifPresentOrElse(process -> follow(dirs, process, CompletableFuture.completedFuture(true)),
                    () -> finish(dirs));
        }
    }

    @Override
    public Stream<LogEntry> logs(String id, LogQuery query) {
        VmDirs dirs = dirs(id);
        if (!RuntimeDirectories.isId(id) || !Files.exists(dirs.logFile())) {
            throw BerthException.notFound("no log for VM " + id + ": it has not run yet");
        }
        return ConmonLogReader.read(dirs.logFile(), query, () -> Files.exists(dirs.exitFile()) || !Files.exists(dirs.dir()));
    }

    /** Runs the process through the VM's guest agent; without a terminal, which VMs do not have yet. */
    @Override
    public ExecProcess exec(String id, ExecSpec spec) {
        VmDirs dirs = requireKnown(id);
        requireStatus(id, "exec in", ContainerStatus.RUNNING);
        if (spec.process().terminal()) {
            throw BerthException.invalid("exec -t into VMs is not supported yet: run it without -t (VM " + id + ")");
        }
        return agent(dirs).exec(GuestScript.command(spec.process()), spec.stdin());
    }

    /** Kernel threads, and Berth's guest init and agent (this ps included), which are not the workload's. */
    static boolean isBerthsOwn(String command) {
        return command.startsWith("[") || command.startsWith("{init} ") || command.startsWith("cat /berth/run/")
                || command.equals(TOP_COMMAND);
    }

    /** The connection to the VM's guest agent, made at its first use. */
    private GuestAgent agent(VmDirs dirs) {
        return agents.compute(dirs.id(), (key, agent) -> agent != null && agent.isOpen() ? agent : GuestAgent.connect(dirs));
    }

    @Override
    public OutputStream attachStdin(String id) {
        SerialConsole console = consoles.get(id);
        if (console == null) {
            throw BerthException.conflict(Files.exists(dirs(id).osMarker()) ? "the console of VM " + id + " is not connected: is it running?"
                    : "VMs that run an image take no standard input yet; run " + id + " without -i, or create a full-OS VM (berth vm create)");
        }
        return console.input();
    }

    @Override
    public void resizeTerminal(String id, int rows, int columns) {
        if (Files.exists(requireKnown(id).osMarker())) {
            return; // a serial line has no window size to tell
        }
        throw BerthException.conflict("VM " + id + " has no terminal");
    }

    /**
     * What the VM costs the host, as the host sees it: its QEMU process's CPU time and resident memory (the guest's
     * touched RAM, and under TCG the translation cache too), against the guest's memory as the limit; its threads
     * as the pids. The guest's own view (free, top) is inside it.
     */
    @Override
    public ContainerStats stats(String id) {
        VmDirs dirs = requireKnown(id);
        requireStatus(id, "read stats of", ContainerStatus.RUNNING, ContainerStatus.PAUSED);
        long pid = qemuProcess(dirs).orElseThrow(() -> BerthException.conflict("VM " + id + " stopped meanwhile")).pid();
        long guestBytes = readResources(dirs).memoryMiB() * 1024 * 1024;
        return new ContainerStats(Instant.now(), host.processCpuNanos(pid), host.systemCpuNanos(), host.onlineCpus(),
                host.processResidentBytes(pid), guestBytes, 0, host.processThreads(pid));
    }

    @Override
    public List<List<String>> top(String id) {
        VmDirs dirs = requireKnown(id);
        requireStatus(id, "list processes of", ContainerStatus.RUNNING);
        if (Files.exists(dirs.osMarker())) {
            throw BerthException.invalid("VM " + id + " runs its own OS, without Berth's guest agent: list its processes on its console");
        }
        // The initramfs's busybox, not the image's (which may have no ps), sees every process of the guest.
        try (ExecProcess ps = agent(dirs).exec(TOP_COMMAND, false)) {
            List<String> lines = new String(ps.stdout().readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
            String errors = new String(ps.stderr().readAllBytes(), StandardCharsets.UTF_8).strip();
            int code = ps.awaitExit(EXIT_TIMEOUT).orElse(-1);
            if (code != 0 || lines.isEmpty()) {
                throw BerthException.internal("ps in VM %s failed (exit %d): %s".formatted(id, code, errors));
            }
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("UID", "PID", "PPID", "STAT", "CMD")); // the initramfs has no passwd: users are numbers
            lines.stream().skip(1).map(l -> List.of(l.strip().split("\\s+", TOP_COLUMNS)))
                    .filter(row -> row.size() == TOP_COLUMNS && !isBerthsOwn(row.get(TOP_COLUMNS - 1)))
                    .forEach(rows::add);
            return rows;
        } catch (IOException e) {
            throw BerthException.internal("cannot list the processes of VM %s: %s".formatted(id, e.getMessage()), e);
        }
    }

    @Override
    public void retainRootDisks(Set<String> imageIds) {
        Set<Path> inUse = new HashSet<>();
        for (String id : list()) {
            read(dirs(id).baseFile()).map(Path::of).ifPresent(inUse::add);
        }
        inUse.addAll(snapshots.bases());
        imageDisks.retain(imageIds.stream().map(Digest::parse).collect(Collectors.toSet()), inUse);
    }

    /** Stops watching; VMs keep running under their own QEMU. */
    @Override
    public void close() {
        closed = true;
        monitors.values().forEach(Thread::interrupt);
        List.copyOf(agents.keySet()).forEach(this::closeAgent);
    }

    /** Drops the connection to the VM's guest agent, if there is one; what waits on it learns that the VM is gone. */
    private void closeAgent(String id) {
        Optional.ofNullable(agents.remove(id)).ifPresent(GuestAgent::close);
    }

    /** {@code --memory} in MiB: the default when unset, refused below what boots or above the host's memory. */
    static long memoryMiB(long bytes, long hostBytes) {
        if (bytes == 0) {
            return DEFAULT_MEMORY_MIB;
        }
        long mib = Math.ceilDiv(bytes, 1024L * 1024);
        if (mib < MIN_MEMORY_MIB) {
            throw BerthException.invalid("--memory %d MiB is too small for a VM: at least %d MiB".formatted(mib, MIN_MEMORY_MIB));
        }
        if (bytes > hostBytes) {
            throw BerthException.invalid("--memory %d MiB is more than this host has (%d MiB)".formatted(mib, hostBytes / (1024 * 1024)));
        }
        return mib;
    }

    /** {@code --cpus} as whole vCPUs (rounded up), 1 when unset, at most the host's CPUs. */
    static int cpus(long nanoCpus, int hostCpus) {
        int cpus = nanoCpus == 0 ? 1 : (int) Math.ceilDiv(nanoCpus, 1_000_000_000L);
        if (cpus > hostCpus) {
            throw BerthException.invalid("--cpus %d is more than this host has (%d)".formatted(cpus, hostCpus));
        }
        return cpus;
    }

    /** Busybox, the guest init and the kernel's modules; built once per daemon, shared by every VM. */
    private synchronized byte[] baseInitramfs() {
        GuestKernel kernel = GuestKernel.locate(configuredKernel, GuestKernel.SEARCH);
        if (baseInitramfs != null && kernel.kernel().equals(baseKernel)) {
            return baseInitramfs;
        }
        if (!Files.isExecutable(busybox)) {
            throw BerthException.invalid("VMs need a static busybox at " + busybox + ": apt-get install busybox-static");
        }
        Optional<KernelModules> index = kernel.modules().map(KernelModules::open); // walks the kernel's whole module tree
        List<Path> modules = index.map(m -> m.resolve(GUEST_MODULES)).orElse(List.of());
        List<Path> osModules = index.map(m -> m.resolve(Stream.concat(GUEST_MODULES.stream(), OS_MODULES.stream()).toList()))
                .orElse(List.of()).stream().filter(m -> !modules.contains(m)).toList();
        try (var init = QemuRuntime.class.getResourceAsStream("init.sh")) {
            Initramfs archive = new Initramfs().directory("bin").directory("lib").directory("lib/modules").directory("berth")
                    .directory("berth/run").directory("proc").directory("sys").directory("dev").directory("newroot")
                    .file("init", 0755, init.readAllBytes())
                    .file("bin/busybox", 0755, Files.readAllBytes(busybox))
                    .fifo("berth/run/idle");
            INIT_APPLETS.forEach(applet -> archive.symlink("bin/" + applet, "busybox"));
            for (int slot = 0; slot < GuestAgent.SLOTS; slot++) {
                archive.fifo("berth/run/" + slot + ".out").fifo("berth/run/" + slot + ".err");
            }
            baseInitramfs = archive.file("berth/modules", 0644, packModules(archive, modules))
                    .file("berth/os-modules", 0644, packModules(archive, osModules)).toGzip();
            baseKernel = kernel.kernel();
            return baseInitramfs;
        } catch (IOException e) {
            throw BerthException.internal("cannot build the VM initramfs: " + e.getMessage(), e);
        }
    }

    /** Adds the modules to the archive and returns the list of them in load order, for init.sh. */
    private static byte[] packModules(Initramfs archive, List<Path> modules) throws IOException {
        StringBuilder order = new StringBuilder();
        for (Path module : modules) {
            archive.file("lib/modules/" + module.getFileName(), 0644, KernelModules.withoutSignature(Files.readAllBytes(module)));
            order.append(module.getFileName()).append('\n');
        }
        return order.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Pumps the VM's output into its log while QEMU runs, then finishes it. An exit is reported only for a VM that
     * {@code booted}: when start fails, start itself tells the caller, which then deletes the VM.
     */
    private void follow(VmDirs dirs, ProcessHandle process, CompletableFuture<Boolean> booted) {
        LogPump pump = new LogPump(dirs);
        if (Files.exists(dirs.osMarker())) {
            Thread.ofVirtual().name("berth-console-" + dirs.id().substring(0, 12)).start(() -> serveConsole(dirs, process));
        }
        monitors.put(dirs.id(), Thread.ofVirtual().name("berth-vm-" + dirs.id().substring(0, 12)).start(() -> {
            while (process.isAlive() && !closed) {
                if (!pump.pump()) {
                    sleep(POLL);
                }
            }
            if (!closed && booted.join() && isCurrent(dirs, process)) {
                finish(dirs);
            }
            monitors.remove(dirs.id(), Thread.currentThread()); // a restart may have started a new monitor for the id
        }));
    }

    /** Keeps a full-OS VM's console connected while its QEMU runs, its output going to the log. */
    private void serveConsole(VmDirs dirs, ProcessHandle process) {
        try (SerialConsole console = SerialConsole.connect(dirs, process)) {
            consoles.put(dirs.id(), console);
            console.copyOutput(dirs);
            consoles.remove(dirs.id(), console);
        } catch (BerthException e) {
            if (process.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "VM " + dirs.id() + " runs without its console in the log", e);
            }
        }
    }

    /** Whether {@code process} is still the VM's QEMU: a restore replaces it, and the old one's end is no exit. */
    private static boolean isCurrent(VmDirs dirs, ProcessHandle process) {
        return !Files.exists(dirs.restoringMarker())
                && read(dirs.pidFile()).map(pid -> Long.parseLong(pid.strip()) == process.pid()).orElse(false);
    }

    /** QEMU is gone: the rest of the output goes to the log, then the exit is written and reported once. */
    private void finish(VmDirs dirs) {
        closeAgent(dirs.id());
        try {
            if (!Files.isDirectory(dirs.dir())) {
                return;
            }
            new LogPump(dirs).pump();
            if (!Files.exists(dirs.exitFile())) {
                int code = Files.exists(dirs.osMarker()) ? osExitCode(read(dirs.stdout()).orElse(""))
                        : guestExitCode(read(dirs.status()).orElse(""));
                AtomicFiles.write(dirs.exitFile(), String.valueOf(code).getBytes(StandardCharsets.US_ASCII));
            }
            Consumer<ExitEvent> target = listener;
            Optional<ExitStatus> exit = readExit(dirs);
            if (target != null && exit.isPresent() && !Files.exists(dirs.exitReportedMarker())) {
                // Marked first: the listener deletes the VM, and a restart may make a new one under the same id.
                markReported(dirs);
                target.accept(new ExitEvent(dirs.id(), exit.get()));
            }
        } catch (RuntimeException e) {
            if (Files.isDirectory(dirs.dir())) { // else it was deleted meanwhile, and nobody waits for its exit
                LOG.log(System.Logger.Level.ERROR, "cannot finish VM " + dirs.id() + " after QEMU ended", e);
            }
        }
    }

    /** The code in the init's last "exit CODE" line; 255 when the init failed, 137 when QEMU died before either. */
    static int guestExitCode(String status) {
        List<String> lines = status.lines().toList();
        for (String line : lines.reversed()) {
            if (line.startsWith("exit ")) {
                return Integer.parseInt(line.substring("exit ".length()).strip());
            }
            if (line.startsWith("error ")) {
                return EXIT_INIT_FAILED;
            }
        }
        return EXIT_QEMU_DIED;
    }

    /**
     * A full-OS VM's exit: 0 when its kernel's last words were a power-off or reboot (the guest shut itself down, or
     * did as its power button asked), else 137, as QEMU was killed or died.
     */
    static int osExitCode(String console) {
        List<String> lines = console.strip().lines().toList();
        String last = lines.isEmpty() ? "" : lines.getLast();
        return last.contains("reboot: Power down") || last.contains("reboot: Restarting system") ? 0 : EXIT_QEMU_DIED;
    }

    private void awaitReady(VmDirs dirs, ProcessHandle process, Instant launched) {
        Instant deadline = launched.plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String status = read(dirs.status()).orElse("");
            if (status.lines().anyMatch(l -> l.equals("ready"))) {
                writeBoot(dirs, launched);
                return;
            }
            Optional<String> error = status.lines().filter(l -> l.startsWith("error ")).findFirst();
            if (error.isPresent() || !process.isAlive()) {
                awaitEnd(process); // the guest init powers off after its error; a slow one is ended here
                throw BerthException.internal("VM %s did not boot: %s".formatted(dirs.id(), error.map(e -> e.substring(6))
                        .orElseGet(() -> "QEMU exited: " + read(dirs.qemuLog()).orElse("").strip() + tail(dirs.console()))));
            }
            sleep(POLL);
        }
        process.destroyForcibly();
        throw BerthException.internal("VM %s was not ready %s after launch (see %s)".formatted(dirs.id(), READY_TIMEOUT, dirs.console()));
    }

    /** Waits for QEMU to end by itself, for {@link #EXIT_TIMEOUT} at most, then kills it and waits for that. */
    private static void awaitEnd(ProcessHandle process) {
        try {
            process.onExit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
            process.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Boot-to-ready: from {@code launched} until now, when the workload is about to run or runs on. */
    private void writeBoot(VmDirs dirs, Instant launched) {
        long millis = Duration.between(launched, Instant.now()).toMillis();
        AtomicFiles.write(dirs.bootFile(), (accelerator.name() + " " + millis).getBytes(StandardCharsets.US_ASCII));
    }

    /** The machine's memory and vCPUs, fixed when it was created (or by the snapshot it was restored from). */
    private record Size(long memoryMiB, int cpus) {}

    private static void writeResources(VmDirs dirs, long memoryMiB, int cpus) {
        AtomicFiles.write(dirs.resources(), (memoryMiB + " " + cpus).getBytes(StandardCharsets.US_ASCII));
    }

    private static Size readResources(VmDirs dirs) {
        String[] fields = read(dirs.resources()).orElseThrow().strip().split(" ");
        return new Size(Long.parseLong(fields[0]), Integer.parseInt(fields[1]));
    }

    private static String tail(Path file) {
        List<String> lines = read(file).orElse("").lines().toList();
        return lines.isEmpty() ? "" : "; kernel console: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private Optional<ExitStatus> readExit(VmDirs dirs) {
        return read(dirs.exitFile()).map(text -> {
            try {
                return new ExitStatus(Integer.parseInt(text.strip()), false, Files.getLastModifiedTime(dirs.exitFile()).toInstant());
            } catch (IOException e) {
                throw BerthException.internal("cannot read exit file " + dirs.exitFile() + ": " + e.getMessage(), e);
            }
        });
    }

    private Optional<ExitStatus> awaitExit(VmDirs dirs) {
        Instant deadline = Instant.now().plus(EXIT_TIMEOUT);
        Optional<ExitStatus> exit = readExit(dirs);
        while (exit.isEmpty() && Instant.now().isBefore(deadline)) {
            sleep(POLL);
            exit = readExit(dirs);
        }
        return exit;
    }

    /** The VM's QEMU if it still runs: the pid from its pid file, checked against its command line (pids get reused). */
    private static Optional<ProcessHandle> qemuProcess(VmDirs dirs) {
        return read(dirs.pidFile()).flatMap(pid -> ProcessHandle.of(Long.parseLong(pid.strip())))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(dirs.initrd().toString())).orElse(false));
    }

    private static void markReported(VmDirs dirs) {
        try {
            Files.write(dirs.exitReportedMarker(), new byte[0]);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "VM " + dirs.id() + " went away while reporting its exit", e);
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw BerthException.internal("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The host's TSC frequency in kHz, 0 when unknown. Under TCG the guest reads the host's TSC, and when the host is
     * busy the guest kernel fails to calibrate it against the emulated PIT and hangs early in boot (seen with a
     * few VMs booting on 2 busy cores); telling it the frequency (tsc_early_khz) skips that calibration.
     */
    static long hostTscKhz(Path cpuinfo) {
        String text = read(cpuinfo).orElse("");
        if (!text.contains(" constant_tsc")) {
            return 0;
        }
        return text.lines().filter(l -> l.startsWith("cpu MHz")).findFirst()
                .map(l -> Math.round(Double.parseDouble(l.substring(l.indexOf(':') + 1).strip()) * 1000)).orElse(0L);
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requireQemu() {
        if (!Files.isExecutable(qemu)) {
            throw BerthException.invalid("cannot run VMs: " + MISSING_QEMU);
        }
    }

    private VmDirs dirs(String id) {
        return new VmDirs(stateDir, logRoot, id);
    }

    private VmDirs requireCreated(String id) {
        VmDirs dirs = requireKnown(id);
        if (Files.exists(dirs.pidFile())) {
            throw BerthException.conflict("cannot start VM " + id + ": it was started already");
        }
        return dirs;
    }

    private VmDirs requireKnown(String id) {
        VmDirs dirs = dirs(id);
        if (!RuntimeDirectories.isId(id) || !Files.isDirectory(dirs.dir())) {
            throw BerthException.notFound("no such VM in the runtime: " + id + " (see berth ps -a)");
        }
        return dirs;
    }

    private ContainerStatus requireStatus(String id, String action, ContainerStatus... allowed) {
        return RuntimeDirectories.requireStatus(state(id).status(), action, "VM " + id, allowed);
    }
}
