package dev.berth.client;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Docker's multiplexed stream (attach, logs and exec of containers without a TTY): frames of an 8-byte header
 * {@code [stream, 0, 0, 0, size uint32 big-endian]} and {@code size} payload bytes; stream 0 (stdin echo) and 1
 * go to stdout, 2 to stderr.
 */
public final class MultiplexedStream {
    public static final String CONTENT_TYPE = "application/vnd.docker.multiplexed-stream";
    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private MultiplexedStream() {}

    /** Copies frames until EOF, flushing after each so that followed output appears as it comes. */
    public static void demux(InputStream in, OutputStream stdout, OutputStream stderr) throws IOException {
        byte[] header = new byte[8];
        byte[] payload = new byte[32 * 1024];
        while (in.readNBytes(header, 0, 8) == 8) {
            int stream = header[0];
            long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            if (stream < 0 || stream > 2 || size > MAX_FRAME) {
                throw BerthException.internal("malformed multiplexed stream from the daemon (stream " + stream + ", size " + size + ")");
            }
            OutputStream target = stream == 2 ? stderr : stdout;
            for (long left = size; left > 0; ) {
                int n = in.read(payload, 0, (int) Math.min(payload.length, left));
                if (n == -1) {
                    throw BerthException.internal("the daemon closed the stream inside a frame");
                }
                target.write(payload, 0, n);
                left -= n;
            }
            target.flush();
        }
    }

    /** Copies a raw (TTY) stream as it comes. */
    public static void copyRaw(InputStream in, OutputStream stdout) throws IOException {
        byte[] buf = new byte[32 * 1024];
        for (int n; (n = in.read(buf)) != -1; ) {
            stdout.write(buf, 0, n);
            stdout.flush();
        }
    }

    /** Demuxes when the daemon says the stream is multiplexed, else copies raw bytes. */
    public static void copy(String contentType, InputStream in, OutputStream stdout, OutputStream stderr) throws IOException {
        if (contentType.startsWith(CONTENT_TYPE)) {
            demux(in, stdout, stderr);
        } else {
            copyRaw(in, stdout);
        }
    }
}
