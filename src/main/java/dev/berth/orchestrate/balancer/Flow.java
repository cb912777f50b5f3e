package dev.berth.orchestrate.balancer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * One direction of a forwarded connection: bytes read from the source are written to the sink at once, through the
 * loop's one buffer. Only what the sink does not take right away is copied aside, and the source is not read again
 * until the sink took it (back-pressure), so an idle connection holds no buffer at all. The source's end of stream
 * becomes the sink's {@code shutdownOutput} once everything before it is written, which keeps half-closed
 * connections working.
 */
final class Flow {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel source;
    private final SocketChannel sink;
    private final LongAdder bytes;
    private ByteBuffer pending = EMPTY;
    private boolean sourceEnded;
    private boolean sinkShut;

    Flow(SocketChannel source, SocketChannel sink, LongAdder bytes) {
        this.source = source;
        this.sink = sink;
        this.bytes = bytes;
    }

    boolean wantsRead() {
        return !sourceEnded && !pending.hasRemaining();
    }

    boolean wantsWrite() {
        return pending.hasRemaining();
    }

    /** The source ended and the sink got everything and its end of stream. */
    boolean finished() {
        return sinkShut;
    }

    /** Reads what the source has (the source is readable) and writes it on; {@code buffer} is only borrowed. */
    void relay(ByteBuffer buffer) throws IOException {
        buffer.clear();
        int read = source.read(buffer);
        if (read < 0) {
            sourceEnded = true;
            shutSinkIfDone();
            return;
        }
        bytes.add(read);
        buffer.flip();
        sink.write(buffer);
        if (buffer.hasRemaining()) {
            pending = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
        }
    }

    /** Writes what the sink did not take before (the sink is writable). */
    void flush() throws IOException {
        sink.write(pending);
        if (!pending.hasRemaining()) {
            pending = EMPTY;
            shutSinkIfDone();
        }
    }

    private void shutSinkIfDone() throws IOException {
        if (sourceEnded && !pending.hasRemaining() && !sinkShut) {
            sink.shutdownOutput();
            sinkShut = true;
        }
    }
}
