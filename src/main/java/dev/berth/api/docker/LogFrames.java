package dev.berth.api.docker;

import dev.berth.runtime.LogEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes log entries the way Docker streams them: without a TTY each chunk gets an 8-byte header
 * {@code [stream, 0, 0, 0, size uint32 BE]} (1 = stdout, 2 = stderr); with a TTY raw bytes.
 */
final class LogFrames {
    static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
    static final String RAW = "application/vnd.docker.raw-stream";
    private static final DateTimeFormatter RFC3339_NANO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'")
            .withZone(ZoneOffset.UTC);

    private final OutputStream out;
    private final boolean tty;
    private final boolean timestamps;

    LogFrames(OutputStream out, boolean tty, boolean timestamps) {
        this.out = out;
        this.tty = tty;
        this.timestamps = timestamps;
    }

    static String contentType(boolean tty) {
        return tty ? RAW : MULTIPLEXED;
    }

    void write(LogEntry e) throws IOException {
        byte[] payload = e.content();
        if (!e.partial()) {
            payload = append(payload, (byte) '\n');
        }
        if (timestamps) {
            byte[] ts = (RFC3339_NANO.format(e.time()) + " ").getBytes(StandardCharsets.US_ASCII);
            payload = concat(ts, payload);
        }
        writeFrame(e.stream() == LogEntry.Stream.STDERR ? 2 : 1, payload, 0, payload.length);
    }

    void writeFrame(int stream, byte[] data, int off, int len) throws IOException {
        if (!tty) {
            out.write(new byte[] {(byte) stream, 0, 0, 0, (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});
        }
        out.write(data, off, len);
    }

    void flush() throws IOException {
        out.flush();
    }

    private static byte[] append(byte[] a, byte b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = b;
        return r;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
