package dev.berth.cli;

import dev.berth.client.HijackedStream;
import dev.berth.client.MultiplexedStream;
import dev.berth.common.DetachKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves bytes between a hijacked connection and the terminal: output on the calling thread until the daemon ends
 * the stream; with {@code forwardStdin}, our stdin on one daemon thread, half-closing at EOF so that the
 * container sees EOF and its output still arrives. With {@code detachKeys}, typing them ends the session: the
 * keys still go to the daemon, which keeps the container's stdin open, and the pump reports the detach.
 */
final class StreamPump {
    private StreamPump() {}

    /** Returns true when the session ended because the detach keys were typed. */
    static boolean pump(CliContext ctx, HijackedStream stream, boolean forwardStdin, Optional<DetachKeys> detachKeys) {
        AtomicBoolean detached = new AtomicBoolean();
        if (forwardStdin) {
            Thread.ofPlatform().daemon().name("berth-stdin").start(() -> {
                Optional<DetachKeys.Scanner> scanner = detachKeys.map(DetachKeys::scanner);
                try {
                    byte[] buf = new byte[8192];
                    for (int n; (n = ctx.in().read(buf)) > 0; ) {
                        // Noted before the keys are sent: the daemon may end the stream before this thread wakes.
                        boolean done = false;
                        if (scanner.isPresent()) {
                            scanner.get().feed(buf, n);
                            done = scanner.get().detached();
                        }
                        detached.set(done);
                        stream.output().write(buf, 0, n);
                        stream.output().flush();
                        if (done) {
                            return; // the daemon ends the stream; stdin must not be half-closed
                        }
                    }
                    stream.closeWrite();
                } catch (IOException e) {
                    // The container stopped reading or exited; its output and exit code still tell the story.
                }
            });
        }
        try {
            MultiplexedStream.copy(stream.contentType(), stream.input(), ctx.out(), ctx.err());
        } catch (IOException e) {
            if (!detached.get()) {
                throw new UncheckedIOException("the output stream from the daemon broke: " + e.getMessage(), e);
            }
        }
        return detached.get();
    }
}
