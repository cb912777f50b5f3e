package dev.berth.runtime.runc;

import dev.berth.common.HostCommand;
import dev.berth.common.BerthException;
import dev.berth.runtime.ExecProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A process started with {@code runc exec}: runc stays in the foreground, relays stdio through our pipes and
 * exits with the process's exit code. Without a terminal only; stdout and stderr stay apart.
 */
final class RuncExecProcess implements ExecProcess {
    static final Duration PID_TIMEOUT = Duration.ofSeconds(10);

    private final Process runcExec;
    private final Path sessionDir;

    private RuncExecProcess(Process runcExec, Path sessionDir) {
        this.runcExec = runcExec;
        this.sessionDir = sessionDir;
    }

    /** Starts {@code runc exec}; {@code sessionDir} holds its process.json and pid file and goes away on close. */
    static RuncExecProcess start(Runc runc, String id, byte[] processJson, Path sessionDir, boolean stdin) {
        try {
            Files.createDirectories(sessionDir);
            Path spec = sessionDir.resolve("process.json");
            Files.write(spec, processJson);
            ProcessBuilder builder = new ProcessBuilder(runc.execCommand(id, spec, sessionDir.resolve("pid")));
            if (!stdin) {
                builder.redirectInput(HostCommand.NO_INPUT);
            }
            return new RuncExecProcess(builder.start(), sessionDir);
        } catch (IOException e) {
            throw BerthException.internal("cannot exec in container %s: %s".formatted(id, e.getMessage()), e);
        }
    }

    /** The process's host pid, which runc writes once the process exists; waits for it at most 10 s. */
    @Override
    public long pid() {
        Path pidFile = sessionDir.resolve("pid");
        Instant deadline = Instant.now().plus(PID_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try {
                String text = Files.readString(pidFile).strip();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            } catch (IOException e) {
                if (!runcExec.isAlive()) {
                    throw BerthException.conflict("exec process ended before runc reported its pid (exit code "
                            + runcExec.exitValue() + "; its stderr says why)");
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw BerthException.internal("runc exec did not report a pid within " + PID_TIMEOUT);
    }

    @Override
    public OutputStream stdin() {
        return runcExec.getOutputStream();
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

    @Override
    public void resize(int rows, int columns) {
        throw BerthException.invalid("this exec session has no terminal to resize (tty exec is not supported yet)");
    }

    /** Ends the process if it still runs (runc forwards SIGTERM to it) and removes the session's files. */
    @Override
    public void close() {
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
