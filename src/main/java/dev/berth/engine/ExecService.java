package dev.berth.engine;

import dev.berth.common.BerthException;
import dev.berth.common.GuestOs;
import dev.berth.common.Ids;
import dev.berth.runtime.ContainerRuntime;
import dev.berth.runtime.ExecProcess;
import dev.berth.runtime.ExecSpec;
import dev.berth.runtime.Isolation;
import dev.berth.runtime.ProcessSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Docker's two-step exec: create records what to run, start runs it once. Exec instances live in memory, as
 * in dockerd, and are forgotten with their container.
 */
public final class ExecService {
    private final ContainerService containers;
    private final ContainerRuntime runtime;
    private final Map<String, Exec> execs = new ConcurrentHashMap<>();

    public ExecService(ContainerService containers, ContainerRuntime runtime) {
        this.containers = containers;
        this.runtime = runtime;
    }

    /** What an exec runs and how it went. Mutable only through its synchronized methods. */
    public static final class Exec {
        private final String id;
        private final String containerId;
        private final ProcessSpec process;
        private final boolean attachStdin;
        private boolean running;
        private boolean started;
        private long pid;
        private Optional<Integer> exitCode = Optional.empty();
        private ExecProcess handle;

        Exec(String id, String containerId, ProcessSpec process, boolean attachStdin) {
            this.id = id;
            this.containerId = containerId;
            this.process = process;
            this.attachStdin = attachStdin;
        }

        public String id() {
            return id;
        }

        public String containerId() {
            return containerId;
        }

        public ProcessSpec process() {
            return process;
        }

        public boolean attachStdin() {
            return attachStdin;
        }

        public synchronized boolean running() {
            return running;
        }

        public synchronized long pid() {
            return pid;
        }

        public synchronized Optional<Integer> exitCode() {
            return exitCode;
        }

        /** Claims the one start an exec gets, before any process exists. */
        synchronized void markStarting() {
            if (started) {
                throw BerthException.conflict("exec " + id + " has already been started");
            }
            started = true;
        }

        synchronized void markRunning(ExecProcess p, long processId) {
            running = true;
            pid = processId;
            handle = p;
        }

        synchronized void markExited(int code) {
            running = false;
            exitCode = Optional.of(code);
            handle = null;
        }

        synchronized Optional<ExecProcess> runningProcess() {
            return Optional.ofNullable(handle);
        }
    }

    public Exec create(String containerRef, List<String> cmd, List<String> env, String user, String workingDir, boolean tty,
                       boolean attachStdin) {
        Container c = containers.running(containerRef);
        if (cmd.isEmpty()) {
            throw BerthException.invalid("No exec command specified");
        }
        // Refused here, not at start: a started exec has its connection hijacked, and errors then go to its stdout.
        if (GuestOs.requested(c.config().labels())) {
            throw BerthException.invalid("VM " + c.name() + " runs its own OS, without Berth's guest agent: log in on its console (berth vm console)");
        }
        if (tty && c.hostSettings().isolationKind() == Isolation.VM) {
            throw BerthException.invalid("exec -t into VMs is not supported yet: run it without -t (VM " + c.name() + ")");
        }
        Exec e = new Exec(Ids.newId(), c.id(), containers.processFor(c, cmd, env, user, workingDir, tty), attachStdin);
        execs.put(e.id(), e);
        return e;
    }

    public Exec inspect(String execId) {
        Exec e = execs.get(execId);
        if (e == null) {
            throw BerthException.notFound("No such exec instance: " + execId);
        }
        return e;
    }

    /**
     * Starts the exec; the caller pumps the process's streams and then calls {@link #awaitExit}. A process that
     * cannot start (no such command, not executable) gets dockerd's exit code, 127 or 126, for inspect to show.
     */
    public ExecProcess start(String execId) {
        Exec e = inspect(execId);
        containers.running(e.containerId());
        e.markStarting();
        ExecProcess p = null;
        try {
            p = runtime.exec(e.containerId(), new ExecSpec(e.process(), e.attachStdin()));
            e.markRunning(p, p.pid());
            return p;
        } catch (BerthException failed) {
            if (p != null) {
                p.close();
            }
            e.markExited(ContainerService.exitCodeOfStartError(failed.getMessage(), 126));
            throw failed;
        }
    }

    /** {@code POST /exec/{id}/resize}: the running exec's terminal gets the client's window size. */
    public void resize(String execId, int rows, int columns) {
        Exec e = inspect(execId);
        ExecProcess p = e.runningProcess().orElseThrow(() -> BerthException.conflict("exec " + execId + " is not running"));
        p.resize(rows, columns);
    }

    /** Waits for the exec's process to end and records its exit code before anyone can ask for it. */
    public int awaitExit(Exec e, ExecProcess p) {
        OptionalInt code = p.awaitExit(Duration.ofDays(365));
        int c = code.orElse(-1);
        e.markExited(c);
        return c;
    }

    /**
     * The ids of the container's execs that have not ended (created, or running), as dockerd's {@code ExecIDs}:
     * it drops an exec from the container's list when its process exits.
     */
    public List<String> unfinished(String containerId) {
        return execs.values().stream().filter(e -> e.containerId().equals(containerId) && e.exitCode().isEmpty())
                .map(Exec::id).sorted().toList();
    }

    /** Forgets the execs of a removed container. */
    public void forget(String containerId) {
        execs.values().removeIf(e -> e.containerId().equals(containerId));
    }
}
