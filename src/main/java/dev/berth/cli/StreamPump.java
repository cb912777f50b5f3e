package dev.berth.cli;

import dev.berth.client.HijackedStream;
import dev.berth.client.MultiplexedStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Moves bytes between a hijacked connection and the terminal: output on the calling thread until the daemon ends
 * the stream; with {@code forwardStdin}, our stdin on one daemon thread, half-closing at EOF so that the
 * container sees EOF and its output still arrives.
 */
final class StreamPump {
    private StreamPump() {}

    static void pump(CliContext ctx, HijackedStream stream, boolean forwardStdin) {
        if (forwardStdin) {
            Thread.ofPlatform().daemon().name("berth-stdin").start(() -> {
                try {
                    ctx.in().transferTo(stream.output());
                    stream.output().flush();
                    stream.closeWrite();
                } catch (IOException e) {
                    // The container stopped reading or exited; its output and exit code still tell the story.
                }
            });
        }
        try {
            MultiplexedStream.copy(stream.contentType(), stream.input(), ctx.out(), ctx.err());
        } catch (IOException e) {
            throw new UncheckedIOException("the output stream from the daemon broke: " + e.getMessage(), e);
        }
    }
}
