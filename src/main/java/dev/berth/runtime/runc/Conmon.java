package dev.berth.runtime.runc;

import dev.berth.common.HostCommand;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import dev.berth.runtime.ContainerSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Launches conmon, the per-container monitor that outlives the daemon: it runs {@code runc create}, holds the
 * container's stdio, writes its log and, when the init process ends, its exit code.
 *
 * @param binary      the conmon executable
 * @param runc        the runtime conmon drives, with our private --root
 * @param logSizeMax  bytes after which conmon starts the log file afresh
 */
record Conmon(Path binary, Runc runc, long logSizeMax) {
    static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    /** The fd on which conmon reports the result of {@code runc create} (podman's _OCI_SYNCPIPE protocol). */
    private static final int SYNC_FD = 3;

    /**
     * Creates the container under a new conmon and returns the container's init pid. conmon daemonizes at once,
     * so the only news of success or of runc's error comes through the sync pipe: conmon writes
     * {@code {"data": PID}} or {@code {"data": -1, "message": "..."}} as one line.
     *
     * <p>The pipe is a FIFO in the bundle, not the launcher's stdout: the JDK closes a child's stdout pipe as
     * soon as that child exits, which conmon's parent does at once, so the message would be lost.
     */
    int create(ContainerDirs dirs, ContainerSpec.Stdin stdin, boolean terminal) {
        Path fifo = dirs.bundle().resolve("sync.fifo");
        try {
            Libc.mkfifo(fifo, 0600);
        } catch (IOException e) {
            throw BerthException.internal("cannot create sync pipe " + fifo + ": " + e.getMessage(), e);
        }
        try (FileChannel syncPipe = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // Opened read-write so the open never blocks; we only ever read from it.
            CompletableFuture<String> firstLine = readLine(syncPipe);
            Process launcher = launch(dirs, fifo, stdin, terminal);
            String line = awaitLine(dirs, launcher, firstLine);
            JsonNode report = Json.tree(line.getBytes(StandardCharsets.UTF_8), "conmon sync pipe message");
            int pid = report.path("data").asInt(-1);
            if (pid <= 0) {
                // dockerd's words, so what scripts look for ("OCI runtime create failed") is there
                throw BerthException.internal("OCI runtime create failed: "
                        + Runc.errorMessage(report.path("message").asText("conmon gave no reason")));
            }
            return pid;
        } catch (IOException e) {
            throw BerthException.internal("cannot use sync pipe " + fifo + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(fifo);
        }
    }

    private static CompletableFuture<String> readLine(FileChannel pipe) {
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread.ofVirtual().name("conmon-sync").start(() -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(1);
            try {
                // conmon keeps its end open for the container's lifetime, so read one line, never to EOF.
                while (pipe.read(buffer.clear()) > 0 && buffer.get(0) != '\n') {
                    bytes.write(buffer.get(0));
                }
                line.complete(bytes.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                line.completeExceptionally(e);
            }
        });
        return line;
    }

    /** Waits for conmon's line, giving up early when conmon has died without writing one. */
    private static String awaitLine(ContainerDirs dirs, Process launcher, CompletableFuture<String> firstLine) {
        Instant deadline = Instant.now().plus(CREATE_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try {
                return firstLine.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (monitorDied(dirs, launcher)) {
                    throw BerthException.internal("conmon exited without creating container %s: %s"
                            .formatted(dirs.id(), readQuietly(dirs.conmonStderr())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw BerthException.internal("interrupted while creating container " + dirs.id(), e);
            } catch (ExecutionException e) {
                throw BerthException.internal("cannot read conmon's report on container " + dirs.id() + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        }
        throw BerthException.internal("conmon did not report on container %s within %s (see %s)"
                .formatted(dirs.id(), CREATE_TIMEOUT, dirs.conmonStderr()));
    }

    /** The launcher failed, or the daemonized conmon it left behind is gone. */
    private static boolean monitorDied(ContainerDirs dirs, Process launcher) {
        if (launcher.isAlive()) {
            return false;
        }
        if (launcher.exitValue() != 0) {
            return true;
        }
        try {
            long pid = Long.parseLong(Files.readString(dirs.conmonPidFile()).strip());
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return false; // not written yet
        }
    }

    private Process launch(ContainerDirs dirs, Path syncFifo, ContainerSpec.Stdin stdin, boolean terminal) {
        List<String> argv = new ArrayList<>(List.of(
                // A shell opens the FIFO as fd 3 for conmon, since ProcessBuilder cannot pass extra fds.
                "/bin/sh", "-c", "exec \"$@\" %d>\"$0\"".formatted(SYNC_FD), syncFifo.toString(),
                binary.toString(), "--api-version", "1",
                "--cid", dirs.id(), "--cuuid", dirs.id(), "--name", dirs.id(),
                "--runtime", runc.binary().toString(), "--runtime-arg", "--root=" + runc.root(),
                "--bundle", dirs.bundle().toString(),
                "--container-pidfile", dirs.containerPidFile().toString(),
                "--conmon-pidfile", dirs.conmonPidFile().toString(),
                "--exit-dir", ContainerDirs.exitsDir(dirs.stateDir()).toString(),
                "--persist-dir", dirs.persistDir().toString(),
                "--socket-dir-path", ContainerDirs.socketsDir(dirs.stateDir()).toString(),
                "--log-path", "k8s-file:" + dirs.logFile(),
                "--log-size-max", Long.toString(logSizeMax),
                // conmon would fsync the log before it writes the exit file, holding every waiter for a journal
                // commit; dockerd does not sync a container's log either.
                "--no-sync-log"));
        if (terminal) {
            // conmon receives the pty master from runc's console socket and logs what it prints as stdout.
            argv.add("--terminal");
        }
        switch (stdin) {
            case NONE -> { }
            // conmon holds the container's stdin pipe and feeds it from clients of its attach socket.
            case ONCE -> argv.add("--stdin");
            case KEEP_OPEN -> argv.addAll(List.of("--stdin", "--leave-stdin-open"));
        }
        ProcessBuilder builder = new ProcessBuilder(argv)
                // conmon also drops an "oom" marker in its working directory: keep it in the persist dir.
                .directory(dirs.persistDir().toFile())
                .redirectInput(HostCommand.NO_INPUT)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dirs.conmonStderr().toFile());
        builder.environment().put("_OCI_SYNCPIPE", Integer.toString(SYNC_FD));
        try {
            Files.createDirectories(dirs.persistDir());
            Files.createDirectories(dirs.logDir());
            Files.createDirectories(ContainerDirs.socketsDir(dirs.stateDir()));
            Files.createDirectories(ContainerDirs.exitsDir(dirs.stateDir()));
            return builder.start();
        } catch (IOException e) {
            throw BerthException.internal("cannot start conmon (%s) for container %s: %s"
                    .formatted(binary, dirs.id(), e.getMessage()), e);
        }
    }

    /**
     * Waits until the container's conmon has exited (it does once runc has deleted the container), killing it
     * at the deadline. A zombie counts as exited: conmon is re-parented to init, which reaps it when it will.
     */
    static void awaitExit(ContainerDirs dirs, Duration timeout) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(dirs.conmonPidFile()).strip());
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw BerthException.internal("cannot read " + dirs.conmonPidFile() + ": " + e.getMessage(), e);
        }
        Instant deadline = Instant.now().plus(timeout);
        while (isRunning(pid, dirs.id())) {
            if (Instant.now().isAfter(deadline)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Whether {@code pid} is a live (not zombie) conmon of container {@code id}; the id guards against pid reuse. */
    static boolean isRunning(long pid, String id) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // Field 3, after the parenthesised command name, is the state; Z is a zombie.
            boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
            String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
            return !zombie && cmdline.contains("conmon") && cmdline.contains(id);
        } catch (IOException e) {
            return false; // gone
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
