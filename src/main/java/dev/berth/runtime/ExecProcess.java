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

    /** Resizes its terminal, if it has one. */
    void resize(int rows, int columns);

    @Override
    void close();
}
