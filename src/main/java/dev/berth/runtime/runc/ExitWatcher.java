package dev.berth.runtime.runc;

import dev.berth.runtime.ContainerRuntime.ExitEvent;
import dev.berth.runtime.ExitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Watches conmon's exit directory and tells the listener of each exit exactly once, across daemon restarts:
 * an exit counts as told once its container's {@link ContainerDirs#exitReportedMarker} exists. Every scan
 * looks at all exit files, so exits written while no daemon ran are found by the first one; inotify (the
 * JDK's WatchService) wakes a scan as soon as conmon writes a file, and a slow periodic scan covers anything
 * inotify could miss (an overflowed event queue). Every scan rings the {@link ExitBell} first, so log followers
 * look at once.
 */
final class ExitWatcher implements AutoCloseable {
    static final Duration SAFETY_SCAN_INTERVAL = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(ExitWatcher.class.getName());

    private final Path stateDir;
    private final Function<ContainerDirs, Optional<ExitStatus>> exitReader;
    private final Function<String, ContainerDirs> dirs;
    private final Consumer<ExitEvent> listener;
    private final ExitBell bell;
    private final Thread thread;
    private volatile boolean stopped;

    ExitWatcher(Path stateDir, Function<String, ContainerDirs> dirs,
                Function<ContainerDirs, Optional<ExitStatus>> exitReader, Consumer<ExitEvent> listener, ExitBell bell) {
        this.stateDir = stateDir;
        this.dirs = dirs;
        this.exitReader = exitReader;
        this.listener = listener;
        this.bell = bell;
        this.thread = Thread.ofVirtual().name("berth-exit-watcher").start(this::run);
    }

    private void run() {
        Path exits = ContainerDirs.exitsDir(stateDir);
        try (WatchService watcher = exits.getFileSystem().newWatchService()) {
            Files.createDirectories(exits);
            exits.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            while (!stopped) {
                reportNewExits();
                WatchKey key = watcher.poll(SAFETY_SCAN_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot watch exit files in " + exits + "; container exits go unnoticed", e);
        }
    }

    private void reportNewExits() {
        bell.ring();
        List<Path> exitFiles;
        try (var files = Files.list(ContainerDirs.exitsDir(stateDir))) {
            exitFiles = files.sorted().toList();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list exit files in " + stateDir, e);
            return;
        }
        for (Path exitFile : exitFiles) {
            ContainerDirs container = dirs.apply(exitFile.getFileName().toString());
            // A missing bundle means the container is being deleted or gone: nobody tracks it any more.
            if (stopped || !Files.isDirectory(container.bundle()) || Files.exists(container.exitReportedMarker())) {
                continue;
            }
            // Empty while conmon is still writing it; the next poll sees the code.
            exitReader.apply(container).ifPresent(status -> {
                try {
                    listener.accept(new ExitEvent(container.id(), status));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "exit listener failed for container " + container.id(), e);
                }
                markReported(container);
            });
        }
    }

    /** Never recreates the bundle directory: a container deleted meanwhile needs no marker. */
    static void markReported(ContainerDirs container) {
        try {
            Files.write(container.exitReportedMarker(), new byte[0]);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "container " + container.id() + " went away while reporting its exit", e);
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
