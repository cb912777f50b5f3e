package dev.berth.runtime.runc;

import dev.berth.common.HostCommand;
import dev.berth.common.BerthException;
import dev.berth.common.FileTrees;
import dev.berth.common.Json;
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
import dev.berth.runtime.logfile.ConmonLogReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link ContainerRuntime} on runc, with one conmon per container as the monitor that outlives the daemon.
 * All state is on disk (see {@link ContainerDirs}), so a new instance opened on the same directories manages
 * the containers an earlier one created. Containers live in the cgroup {@code /berth/<id>}.
 */
public final class RuncRuntime implements ContainerRuntime, AutoCloseable {
    /** conmon starts the log afresh beyond this size, like Docker's json-file max-size. */
    public static final long LOG_SIZE_MAX = 10L * 1024 * 1024;
    static final String CGROUP_PARENT = "/berth";
    static final Duration EXIT_FILE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CONMON_EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final int SIGKILL = 9;

    private final Path stateDir;
    private final Path logRoot;
    private final Runc runc;
    private final Conmon conmon;
    private final BundleWriter bundles;
    private final CgroupReader cgroups;
    private final HostProc host = new HostProc(Path.of("/proc"));
    private final String runtimeName;
    private final ExitBell exitBell = new ExitBell();
    private ExitWatcher exitWatcher;

    private RuncRuntime(Path stateDir, Path logRoot, Runc runc, Conmon conmon, CgroupReader cgroups, String runtimeName) {
        this.stateDir = stateDir;
        this.logRoot = logRoot;
        this.runc = runc;
        this.conmon = conmon;
        this.cgroups = cgroups;
        this.runtimeName = runtimeName;
        this.bundles = BundleWriter.forHost(Path.of("/proc/self/limits"), CGROUP_PARENT);
    }

    /** Opens the runtime with conmon found on PATH (or podman's libexec directory). */
    public static RuncRuntime open(Path stateDir, Path logRoot, String runtimeBinary) {
        return open(stateDir, logRoot, runtimeBinary, "conmon");
    }

    /**
     * Opens the runtime on its directories, creating them if needed.
     *
     * @param stateDir      runtime state (bundles, exit files, sockets, runc's --root); tmpfs-like, e.g. /run/berth/runtime
     * @param logRoot       container logs, which survive reboots, e.g. /var/lib/berth/containers
     * @param runtimeBinary "runc", "crun" or a path to either
     * @param conmonBinary  "conmon" or a path to it
     */
    public static RuncRuntime open(Path stateDir, Path logRoot, String runtimeBinary, String conmonBinary) {
        CgroupReader cgroups = CgroupReader.detect(Path.of("/sys/fs/cgroup"));
        String name = Path.of(runtimeBinary).getFileName().toString();
        if (name.contains("crun") && cgroups.version() == 1) {
            throw BerthException.invalid("crun refuses cgroup v1 and hybrid cgroup layouts, which this host has "
                    + "(no cgroup.controllers in /sys/fs/cgroup); use runc instead (--runtime runc)");
        }
        try {
            for (Path dir : List.of(ContainerDirs.containersDir(stateDir), ContainerDirs.exitsDir(stateDir),
                    ContainerDirs.socketsDir(stateDir), ContainerDirs.runcRoot(stateDir), logRoot)) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw BerthException.internal("cannot create runtime directories under %s and %s: %s"
                    .formatted(stateDir, logRoot, e.getMessage()), e);
        }
        Runc runc = new Runc(Executables.find(runtimeBinary, "the OCI runtime"), ContainerDirs.runcRoot(stateDir).toAbsolutePath());
        Conmon conmon = new Conmon(Executables.find(conmonBinary, "conmon"), runc, LOG_SIZE_MAX);
        return new RuncRuntime(stateDir.toAbsolutePath(), logRoot.toAbsolutePath(), runc, conmon, cgroups,
                name.contains("crun") ? "crun" : "runc");
    }

    @Override
    public RuntimeInfo info() {
        return new RuntimeInfo(runtimeName, runc.version(), cgroups.version());
    }

    @Override
    public void create(ContainerSpec spec) {
        ContainerDirs dirs = dirs(spec.id());
        if (Files.exists(dirs.bundle())) {
            throw BerthException.conflict("container " + spec.id() + " already exists in the runtime (delete it first)");
        }
        try {
            bundles.writeBundle(dirs.bundle(), spec);
            conmon.create(dirs, spec.stdin(), spec.process().terminal());
        } catch (RuntimeException e) {
            removeQuietly(dirs, e);
            throw e;
        }
    }

    @Override
    public int start(String id) {
        ContainerDirs dirs = requireKnown(id);
        try {
            runc.start(id);
        } catch (BerthException e) {
            requireStatus(id, "start", ContainerStatus.CREATED); // names the state when that was the problem
            throw e;
        }
        // runc wrote the init pid at create; reading it saves asking runc for its state again.
        try {
            return Integer.parseInt(Files.readString(dirs.containerPidFile()).strip());
        } catch (IOException | NumberFormatException e) {
            throw BerthException.internal("cannot read the pid of container " + id + " from " + dirs.containerPidFile(), e);
        }
    }

    @Override
    public Optional<VmBoot> boot(String id) {
        return Optional.empty();
    }

    @Override
    public void kill(String id, int signal) {
        ContainerStatus status = requireStatus(id, "kill", ContainerStatus.RUNNING, ContainerStatus.PAUSED);
        runc.kill(id, signal);
        if (status == ContainerStatus.PAUSED && signal == SIGKILL) {
            // Frozen tasks cannot die until thawed (cgroup v1 freezer), as Docker does for kill on paused.
            runc.resume(id);
        }
    }

    @Override
    public void pause(String id) {
        requireStatus(id, "pause", ContainerStatus.RUNNING);
        runc.pause(id);
    }

    @Override
    public void resume(String id) {
        requireStatus(id, "resume", ContainerStatus.PAUSED);
        runc.resume(id);
    }

    @Override
    public void update(String id, Resources limits) {
        requireStatus(id, "update", ContainerStatus.RUNNING, ContainerStatus.PAUSED);
        runc.update(id, limits);
    }

    @Override
    public RuntimeState state(String id) {
        ContainerDirs dirs = requireKnown(id);
        Optional<Runc.State> state = runc.state(id);
        ContainerStatus status = state.map(s -> switch (s.status()) {
            case "created" -> ContainerStatus.CREATED;
            case "running" -> ContainerStatus.RUNNING;
            case "paused" -> ContainerStatus.PAUSED;
            default -> ContainerStatus.EXITED;
        }).orElse(ContainerStatus.EXITED);
        if (status != ContainerStatus.EXITED) {
            return new RuntimeState(id, status, state.orElseThrow().pid(), Optional.empty());
        }
        // runc sees the exit a moment before conmon has written the exit code.
        return new RuntimeState(id, status, 0, awaitExitStatus(dirs));
    }

    @Override
    public List<String> list() {
        return RuntimeDirectories.idsIn(ContainerDirs.containersDir(stateDir));
    }

    @Override
    public void delete(String id) {
        ContainerDirs dirs = requireKnown(id);
        // Deleted containers are no longer tracked, so their exit is not reported.
        ExitWatcher.markReported(dirs);
        // Only a live container can be paused; after an exit (conmon wrote its code) one runc call is saved.
        if (!Files.exists(dirs.exitFile()) && runc.state(id).map(s -> s.status().equals("paused")).orElse(false)) {
            runc.resume(id);
        }
        runc.forceDelete(id);
        Conmon.awaitExit(dirs, CONMON_EXIT_TIMEOUT);
        removeFiles(dirs);
    }

    @Override
    public OutputStream attachStdin(String id) {
        ContainerDirs dirs = requireKnown(id);
        requireStatus(id, "attach to", ContainerStatus.RUNNING, ContainerStatus.PAUSED);
        Path link = dirs.socketLinks().stream().findFirst()
                .orElseThrow(() -> BerthException.conflict("container " + id + " was not created with stdin (run it with -i)"));
        try {
            return new AttachStdin(SeqpacketSocket.connect(link.resolve("attach")));
        } catch (IOException e) {
            throw BerthException.internal("cannot attach to the stdin of " + id + ": " + e.getMessage(), e);
        }
    }

    /** conmon reads "TYPE HEIGHT WIDTH" lines from the {@code ctl} FIFO in the bundle; type 1 is a window resize. */
    @Override
    public void resizeTerminal(String id, int rows, int columns) {
        ContainerDirs dirs = requireKnown(id);
        if (rows <= 0 || columns <= 0 || rows > 65535 || columns > 65535) {
            throw BerthException.invalid("invalid terminal size " + rows + "x" + columns);
        }
        if (!Files.exists(dirs.bundle().resolve("ctl"))) {
            throw BerthException.conflict("container " + id + " is not running");
        }
        try {
            Files.writeString(dirs.bundle().resolve("ctl"), "1 " + rows + " " + columns + "\n", StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw BerthException.internal("cannot resize the terminal of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteLogs(String id) {
        RuntimeDirectories.requireId(id);
        FileTrees.deleteRecursively(dirs(id).logDir());
    }

    @Override
    public synchronized void onExit(Consumer<ExitEvent> listener) {
        if (exitWatcher != null) {
            throw BerthException.conflict("an exit listener is already registered; the runtime supports one");
        }
        exitWatcher = new ExitWatcher(stateDir, this::dirs, RuncRuntime::readExitStatus, listener, exitBell);
    }

    @Override
    public Stream<LogEntry> logs(String id, LogQuery query) {
        ContainerDirs dirs = dirs(id);
        if (!RuntimeDirectories.isId(id) || !Files.exists(dirs.logFile())) {
            throw BerthException.notFound("no log for container " + id + ": it has not run yet");
        }
        return ConmonLogReader.read(dirs.logFile(), query,
                exitBell.writer(() -> Files.exists(dirs.exitFile()) || !Files.exists(dirs.bundle())));
    }

    @Override
    public ExecProcess exec(String id, ExecSpec spec) {
        ContainerDirs dirs = requireKnown(id);
        requireStatus(id, "exec in", ContainerStatus.RUNNING);
        Path session = dirs.bundle().resolve("exec").resolve(UUID.randomUUID().toString());
        return RuncExecProcess.start(runc, id, Json.bytes(bundles.process(spec.process())), session,
                spec.stdin(), spec.process().terminal());
    }

    @Override
    public ContainerStats stats(String id) {
        requireStatus(id, "read stats of", ContainerStatus.RUNNING, ContainerStatus.PAUSED);
        CgroupSample sample = cgroups.sample(bundles.cgroupsPath(id));
        return new ContainerStats(Instant.now(), sample.cpuNanos(), host.systemCpuNanos(), host.onlineCpus(),
                sample.memoryUsage(), sample.memoryLimit().orElseGet(host::memoryTotalBytes), sample.inactiveFile(),
                sample.pids());
    }

    @Override
    public List<List<String>> top(String id) {
        requireStatus(id, "list processes of", ContainerStatus.RUNNING, ContainerStatus.PAUSED);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"));
        List<Long> pids = cgroups.processIds(bundles.cgroupsPath(id));
        if (pids.isEmpty()) {
            return rows;
        }
        // ps -ef's columns; "=" suppresses ps's own headers.
        HostCommand.Result ps = HostCommand.run(List.of("ps", "-o", "user=,pid=,ppid=,c=,stime=,tty=,time=,args=",
                "-p", pids.stream().map(String::valueOf).collect(Collectors.joining(","))), Runc.TIMEOUT);
        ps.stdout().lines().filter(l -> !l.isBlank())
                .forEach(line -> rows.add(List.of(line.strip().split("\\s+", 8))));
        return rows;
    }

    /** Stops the exit watcher; containers keep running under their conmon. */
    @Override
    public synchronized void close() {
        if (exitWatcher != null) {
            exitWatcher.close();
        }
    }

    /** The host cgroup path of container {@code id}, for callers that look at its limits. */
    public String cgroupPath(String id) {
        return bundles.cgroupsPath(id);
    }

    /**
     * How the container ended, from conmon's exit file; empty while it still runs. An {@code oom} file in the
     * persist directory (written by conmon on an OOM event) makes it an OOM kill, which is SIGKILL: 137.
     */
    static Optional<ExitStatus> readExitStatus(ContainerDirs dirs) {
        try {
            String text = Files.readString(dirs.exitFile()).strip();
            if (text.isEmpty()) {
                return Optional.empty();
            }
            Instant at = Files.getLastModifiedTime(dirs.exitFile()).toInstant();
            boolean oomKilled = Files.exists(dirs.oomFile());
            return Optional.of(new ExitStatus(oomKilled ? 128 + SIGKILL : Integer.parseInt(text), oomKilled, at));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw BerthException.internal("cannot read exit file " + dirs.exitFile() + ": " + e.getMessage(), e);
        }
    }

    private Optional<ExitStatus> awaitExitStatus(ContainerDirs dirs) {
        Instant deadline = Instant.now().plus(EXIT_FILE_TIMEOUT);
        Optional<ExitStatus> exit = readExitStatus(dirs);
        // A delete removes the bundle, then the exit file: no use waiting for a file that is going away.
        while (exit.isEmpty() && Instant.now().isBefore(deadline) && Files.isDirectory(dirs.bundle())) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            exit = readExitStatus(dirs);
        }
        return exit;
    }

    private void removeFiles(ContainerDirs dirs) {
        List<Path> paths = new ArrayList<>(List.of(dirs.bundle(), dirs.exitFile()));
        paths.addAll(dirs.socketLinks());
        for (Path path : paths) {
            FileTrees.deleteRecursively(path);
        }
    }

    /** After a failed create: remove what it left, keeping the create failure as the error to report. */
    private void removeQuietly(ContainerDirs dirs, RuntimeException failure) {
        try {
            runc.forceDelete(dirs.id());
            Conmon.awaitExit(dirs, CONMON_EXIT_TIMEOUT);
            removeFiles(dirs);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private ContainerDirs dirs(String id) {
        return new ContainerDirs(stateDir, logRoot, id);
    }

    private ContainerDirs requireKnown(String id) {
        ContainerDirs dirs = dirs(id);
        if (!RuntimeDirectories.isId(id) || !Files.isDirectory(dirs.bundle())) {
            throw BerthException.notFound("no such container in the runtime: " + id + " (see berth ps -a)");
        }
        return dirs;
    }

    private ContainerStatus requireStatus(String id, String action, ContainerStatus... allowed) {
        return RuntimeDirectories.requireStatus(state(id).status(), action, "container " + id, allowed);
    }
}
