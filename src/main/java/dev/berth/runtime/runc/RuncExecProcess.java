package dev.berth.runtime.runc;

import dev.berth.common.HostCommand;
import dev.berth.common.BerthException;
import dev.berth.runtime.ExecProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A process started with {@code runc exec}: runc stays in the foreground, relays stdio through our pipes and
 * exits with the process's exit code. Without a terminal stdout and stderr stay apart. With one, runc makes the
 * pseudo-terminal in the container and copies between it and its own terminal, which it insists on having:
 * {@code script} (util-linux) gives it one and copies that to our pipes, so both streams arrive as one.
 */
final class RuncExecProcess implements ExecProcess {
    static final Duration PID_TIMEOUT = Duration.ofSeconds(10);

    private final Process runcExec;
    private final Path sessionDir;
    private final boolean terminal;

    private RuncExecProcess(Process runcExec, Path sessionDir, boolean terminal) {
        this.runcExec = runcExec;
        this.sessionDir = sessionDir;
        this.terminal = terminal;
    }

    /** Starts {@code runc exec}; {@code sessionDir} holds its process.json and pid file and goes away on close. */
    static RuncExecProcess start(Runc runc, String id, byte[] processJson, Path sessionDir, boolean stdin, boolean terminal) {
        try {
            Files.createDirectories(sessionDir);
            Path spec = sessionDir.resolve("process.json");
            Files.write(spec, processJson);
            List<String> exec = runc.execCommand(id, spec, sessionDir.resolve("pid"));
            ProcessBuilder builder = new ProcessBuilder(terminal ? underTerminal(exec) : exec);
            if (!stdin && !terminal) {
                builder.redirectInput(HostCommand.NO_INPUT);
            }
            return new RuncExecProcess(builder.start(), sessionDir, terminal);
        } catch (IOException e) {
            throw BerthException.internal("cannot exec in container %s: %s".formatted(id, e.getMessage()), e);
        }
    }

    /** {@code script -qfec CMD /dev/null}: CMD on a fresh pseudo-terminal, its exit code passed on. */
    private static List<String> underTerminal(List<String> argv) {
        String command = String.join(" ", argv.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        return List.of("script", "-qfec", command, "/dev/null");
    }

    /** The process's host pid, which runc writes once the process exists; waits for it at most 10 s. */
    @Override
    public long pid() {
        Instant deadline = Instant.now().plus(PID_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            OptionalLong pid = readPid();
            if (pid.isPresent()) {
                return pid.getAsLong();
            }
            if (!runcExec.isAlive()) {
                // dockerd's words, ": unknown" (containerd's error code) included, which scripts match on.
                throw BerthException.invalid("OCI runtime exec failed: " + failureReason() + ": unknown");
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw BerthException.internal("runc exec did not report a pid within " + PID_TIMEOUT);
    }

    /** Why runc exec ended before the process existed: what it logged (without a terminal), else its exit code. */
    private String failureReason() {
        String logged;
        try {
            logged = Runc.errorMessage(new String(runcExec.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            logged = "";
        }
        return logged.isEmpty() ? "runc exec exited with code " + runcExec.exitValue() : logged;
    }

    /** The pid runc wrote, if it has yet. */
    private OptionalLong readPid() {
        try {
            String text = Files.readString(sessionDir.resolve("pid")).strip();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * With a terminal, closing our end would reach the process as an end-of-file typed on its terminal, so the
     * pipe stays open until {@link #close} even when the caller closes this stream (an exec without -i).
     */
    @Override
    public OutputStream stdin() {
        OutputStream pipe = runcExec.getOutputStream();
        return !terminal ? pipe : new java.io.FilterOutputStream(pipe) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    @Override
    public InputStream stdout() {
        return runcExec.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return runcExec.getErrorStream();
    }

    @Override
    public OptionalInt awaitExit(Duration timeout) {
        try {
            return runcExec.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(runcExec.exitValue()) : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /**
     * SIGKILLs the process in the container, then its descendants (found first, so none is lost to reparenting);
     * runc exec then exits with it. Before runc reported the pid, runc itself is killed instead.
     */
    @Override
    public void kill() {
        if (!runcExec.isAlive()) {
            return;
        }
        OptionalLong pid = readPid();
        Optional<ProcessHandle> process = pid.isPresent() ? ProcessHandle.of(pid.getAsLong()) : Optional.empty();
        if (process.isEmpty()) {
            runcExec.destroyForcibly();
            return;
        }
        List<ProcessHandle> descendants = process.get().descendants().toList();
        process.get().destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /** Sets the window size on the process's terminal, reached from the host as its fd 0 through /proc. */
    @Override
    public void resize(int rows, int columns) {
        if (!terminal) {
            throw BerthException.invalid("this exec session has no terminal to resize: it was started without -t");
        }
        if (rows <= 0 || columns <= 0 || rows > 65535 || columns > 65535) {
            throw BerthException.invalid("invalid terminal size " + rows + "x" + columns);
        }
        try {
            Libc.setWindowSize(Path.of("/proc", String.valueOf(pid()), "fd", "0"), rows, columns);
        } catch (IOException e) {
            throw BerthException.conflict("cannot resize the exec session's terminal: " + e.getMessage());
        }
    }

    /** Ends the process if it still runs (runc forwards SIGTERM to it) and removes the session's files. */
    @Override
    public void close() {
        try {
            runcExec.getOutputStream().close();
        } catch (IOException e) {
            // the process is gone and its pipe with it
        }
        if (runcExec.isAlive()) {
            runcExec.destroy();
            if (awaitExit(Duration.ofSeconds(5)).isEmpty()) {
                runcExec.destroyForcibly();
            }
        }
        try (var files = Files.list(sessionDir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(sessionDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove exec session " + sessionDir, e);
        }
    }
}
