package dev.berth.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * A process started by {@link ContainerRuntime#exec}. Streams are raw bytes; with a terminal stderr is merged
 * into stdout.
 */
public interface ExecProcess extends AutoCloseable {
    long pid();

    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    /** Waits for the process to end, at most {@code timeout}; empty if it still runs. */
    OptionalInt awaitExit(Duration timeout);

    /**
     * Ends the process at once (SIGKILL), with the processes it started that are still its descendants; a no-op
     * once it has exited. Legal from any thread, also while another waits in {@link #awaitExit}.
     */
    void kill();

    /** Resizes its terminal, if it has one. */
    void resize(int rows, int columns);

    @Override
    void close();
}
