package dev.berth.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A connection the daemon upgraded to a raw bidirectional stream (attach, exec start). {@link #input()} carries
 * the container's output, {@link #output()} its stdin; {@link #closeWrite()} signals stdin EOF while output
 * keeps flowing.
 */
public final class HijackedStream implements AutoCloseable {
    private final SocketConnection connection;
    private final InputStream input;
    private final String contentType;

    HijackedStream(SocketConnection connection, InputStream input, String contentType) {
        this.connection = connection;
        this.input = input;
        this.contentType = contentType;
    }

    public InputStream input() {
        return input;
    }

    public OutputStream output() {
        return connection.out();
    }

    /** {@code application/vnd.docker.multiplexed-stream} or {@code …raw-stream}; empty if the daemon sent none. */
    public String contentType() {
        return contentType;
    }

    public boolean isMultiplexed() {
        return contentType.startsWith(MultiplexedStream.CONTENT_TYPE);
    }

    public void closeWrite() throws IOException {
        connection.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
