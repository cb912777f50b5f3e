package dev.berth.runtime.runc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where one container's files live. Runtime state (bundle, pid files, exit file, sockets) sits under the
 * tmpfs-like state directory, which a reboot empties along with the containers; logs sit under the log root,
 * which survives reboots.
 */
record ContainerDirs(Path stateDir, Path logRoot, String id) {
    /** A socket link named by less of the id than this could belong to another container. */
    private static final int SHORTEST_SOCKET_LINK = 32;

    static Path containersDir(Path stateDir) {
        return stateDir.resolve("containers");
    }

    static Path exitsDir(Path stateDir) {
        return stateDir.resolve("exits");
    }

    static Path socketsDir(Path stateDir) {
        return stateDir.resolve("sockets");
    }

    static Path runcRoot(Path stateDir) {
        return stateDir.resolve("runc");
    }

    Path bundle() {
        return containersDir(stateDir).resolve(id);
    }

    Path containerPidFile() {
        return bundle().resolve("pidfile");
    }

    Path conmonPidFile() {
        return bundle().resolve("conmon.pid");
    }

    /** What conmon itself printed before it daemonized; only useful when it failed to start. */
    Path conmonStderr() {
        return bundle().resolve("conmon.err");
    }

    /** conmon's --persist-dir, where it drops an {@code oom} file when the OOM killer strikes. */
    Path persistDir() {
        return bundle().resolve("persist");
    }

    Path oomFile() {
        return persistDir().resolve("oom");
    }

    /** Present once the exit was handed to the exit listener, so a restarted daemon does not report it twice. */
    Path exitReportedMarker() {
        return bundle().resolve("exit-reported");
    }

    /** conmon writes the exit code here when the container's init process ends. */
    Path exitFile() {
        return exitsDir(stateDir).resolve(id);
    }

    /**
     * conmon's links to the bundle (where its attach socket lives) in the sockets directory: named by the id,
     * cut short as far as needed to keep the socket path within the 108-byte limit of unix socket addresses.
     */
    List<Path> socketLinks() {
        try (Stream<Path> entries = Files.list(socketsDir(stateDir))) {
            return entries.filter(p -> {
                String name = p.getFileName().toString();
                return name.length() >= SHORTEST_SOCKET_LINK && id.startsWith(name);
            }).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + socketsDir(stateDir), e);
        }
    }

    Path logDir() {
        return logRoot.resolve(id);
    }

    Path logFile() {
        return logDir().resolve("container.log");
    }
}
