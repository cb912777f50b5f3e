package dev.berth.client;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One connection to the daemon. The streams call the channel directly rather than through
 * {@code Channels.newInputStream}, whose streams share one lock so that a blocked read would stall a write
 * on a hijacked (bidirectional) connection.
 */
final class SocketConnection implements AutoCloseable {
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    SocketConnection(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedInputStream(new BulkInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
            }

            @Override
            public void close() throws IOException {
                SocketConnection.this.close();
            }
        }, 16 * 1024);
        this.out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }
        };
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    /** Half-close: the daemon sees EOF on its side of the stream and can still answer. */
    void shutdownOutput() throws IOException {
        if (channel.isOpen()) {
            channel.shutdownOutput();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
