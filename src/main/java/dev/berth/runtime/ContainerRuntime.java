package dev.berth.runtime;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs OCI containers. Implementations keep containers alive independently of the daemon's process (a
 * monitor per container), so a new instance created after a daemon restart sees and manages containers
 * created by an old one: {@link #list} and {@link #state} work from on-disk state only.
 *
 * <p>Legal calls by state: {@code create} only for a new id; {@code start} in CREATED; {@code kill} in
 * RUNNING or PAUSED; {@code pause} in RUNNING; {@code resume} in PAUSED; {@code exec}, {@code stats},
 * {@code top} in RUNNING; {@code delete} in any state (it kills first); {@code logs} once the container was created.
 */
public interface ContainerRuntime {
    /**
     * The format every runtime keeps a container's output in, by its log driver name in Docker's (and podman's)
     * terms: conmon's {@code k8s-file}, the CRI logging format.
     */
    String LOG_DRIVER = "k8s-file";

    /** Runtime name and version and the host's cgroup layout, for {@code info}. */
    RuntimeInfo info();

    /** Writes the bundle and creates the container under its monitor; returns once it is CREATED. */
    void create(ContainerSpec spec);

    /** Starts a CREATED container and returns its init process's pid on the host. */
    int start(String id);

    /** How the VM of a started container booted; empty for containers, which do not boot. */
    Optional<VmBoot> boot(String id);

    void kill(String id, int signal);

    void pause(String id);

    void resume(String id);

    RuntimeState state(String id);

    /** Changes the cgroup limits of a RUNNING or PAUSED container; limits left at 0 stay as they are. */
    void update(String id, Resources limits);

    /** Ids of every container this runtime holds, including ones created before a daemon restart. */
    List<String> list();

    /**
     * Stops tracking and removes the container and its bundle; kills it first if it still runs. Its log stays,
     * so that a container started again (restart, restart policy) keeps its earlier output, as Docker's does.
     */
    void delete(String id);

    /** Removes the log of a container that is gone for good; a no-op if it has none. */
    void deleteLogs(String id);

    /**
     * Registers the one listener told of every container exit, including exits that happened while no daemon
     * ran (reported once, when the runtime is opened and the listener set).
     */
    void onExit(Consumer<ExitEvent> listener);

    /**
     * Reads the container's log, also after {@link #delete}; with {@code follow} the stream ends when the
     * container has exited. NOT_FOUND when the container never ran.
     */
    Stream<LogEntry> logs(String id, LogQuery query) throws IOException;

    ExecProcess exec(String id, ExecSpec spec);

    /**
     * Opens the standard input of a RUNNING container created with stdin; closing the stream detaches, which
     * closes the container's stdin when it was created with {@link ContainerSpec.Stdin#ONCE}.
     */
    java.io.OutputStream attachStdin(String id);

    /** Resizes the terminal of a RUNNING container created with one. */
    void resizeTerminal(String id, int rows, int columns);

    ContainerStats stats(String id);

    /** {@code ps -ef}-style rows for the container's processes: header first. */
    List<List<String>> top(String id);

    /** An exit of container {@code id}. */
    record ExitEvent(String id, ExitStatus status) {}
}
