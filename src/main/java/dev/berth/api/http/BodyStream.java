package dev.berth.api.http;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Bridges bytes arriving on a Netty event loop to a handler blocked on a virtual thread. The event loop offers
 * buffers; the handler reads them as an InputStream. {@code pause} and {@code resume} toggle the channel's
 * auto-read so a slow reader pushes back on the client instead of buffering a whole image archive in memory.
 */
final class BodyStream extends InputStream {
    private static final int HIGH_WATER = 64;
    private static final ByteBuf END = io.netty.buffer.Unpooled.EMPTY_BUFFER;

    private final LinkedBlockingQueue<ByteBuf> queue = new LinkedBlockingQueue<>();
    private final Consumer<Boolean> autoRead;
    private ByteBuf current;
    private volatile boolean ended;
    private boolean paused; // guarded by this

    /** @param autoRead switches the channel's auto-read on (true) or off (false) */
    BodyStream(Consumer<Boolean> autoRead) {
        this.autoRead = autoRead;
    }

    /** Called on the event loop with a retained buffer; ownership passes to this stream. */
    void offer(ByteBuf buf) {
        if (ended) {
            buf.release();
            return;
        }
        queue.add(buf);
        pauseIfFull();
    }

    /*
     * A pause and a resume decide and switch auto-read under one lock: otherwise the reader could drain the queue
     * and switch reading back on between the event loop's decision to pause and its switch, and the switch would
     * then leave the channel unread for good, with the client stuck writing (a docker load that never ends).
     */
    private synchronized void pauseIfFull() {
        if (queue.size() > HIGH_WATER && !paused) {
            paused = true;
            autoRead.accept(false);
        }
    }

    private synchronized void resumeIfDrained() {
        if (paused && queue.size() < HIGH_WATER / 2) {
            paused = false;
            autoRead.accept(true);
        }
    }

    /** No more bytes will come: the request body ended or the connection closed. */
    void end() {
        if (!ended) {
            ended = true;
            queue.add(END);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || !current.isReadable()) {
            if (current != null) {
                current.release();
                current = null;
            }
            ByteBuf next = take();
            if (next == END) {
                queue.add(END); // later reads keep seeing the end
                return -1;
            }
            current = next;
        }
        int n = Math.min(len, current.readableBytes());
        current.readBytes(b, off, n);
        return n;
    }

    private ByteBuf take() throws IOException {
        resumeIfDrained();
        try {
            // Idle clients (an attach with nothing to type) may send nothing for hours; the deadline is the
            // connection's life, ended by end() when it closes.
            ByteBuf next = queue.poll(1, TimeUnit.DAYS);
            if (next == null) {
                throw new IOException("request body stalled for a day");
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the request body");
        }
    }

    /** Drops unread bytes, e.g. when a handler answered without reading the body. */
    @Override
    public void close() {
        end();
        if (current != null) {
            current.release();
            current = null;
        }
        for (ByteBuf b; (b = queue.poll()) != null; ) {
            if (b != END) {
                b.release();
            }
        }
        queue.add(END);
        resumeAfterClose();
    }

    private synchronized void resumeAfterClose() {
        if (paused) {
            paused = false;
            autoRead.accept(true);
        }
    }
}
