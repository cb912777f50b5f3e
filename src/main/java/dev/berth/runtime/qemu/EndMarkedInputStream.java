package dev.berth.runtime.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The bytes of {@code source} up to {@code marker}, then end of stream: how an exec's output ends on a port that
 * stays open ({@link AgentProtocol#endMarker}). Bytes that may be the start of the marker are held back until the
 * next read tells; everything else is passed on at once, so a prompt without a newline is not delayed. Also ends
 * at the end of {@code source} (the VM is gone), then without {@link #sawMarker}. Reads are synchronized, so a
 * second reader (one that drains what nobody reads) can take over from the first.
 */
final class EndMarkedInputStream extends InputStream {
    private static final int CHUNK = 32 * 1024;

    private final InputStream source;
    private final byte[] marker;
    /** Fills are only needed when at most the held-back bytes (less than the marker) are left, so this never grows. */
    private final byte[] buffer;
    /** Undelivered bytes are buffer[start, end); the marker cannot begin before {@code searchFrom}. */
    private int start;
    private int end;
    private int searchFrom;
    private boolean sawMarker;
    private boolean sourceEnded;

    EndMarkedInputStream(InputStream source, byte[] marker) {
        if (marker.length == 0) {
            throw new IllegalArgumentException("empty marker");
        }
        this.source = source;
        this.marker = marker.clone();
        this.buffer = new byte[Math.max(CHUNK, 2 * marker.length)];
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (true) {
            int ready = deliverable();
            if (ready > 0) {
                int n = Math.min(len, ready);
                System.arraycopy(buffer, start, b, off, n);
                start += n;
                return n;
            }
            if (sawMarker || sourceEnded) {
                return -1;
            }
            fill();
        }
    }

    /** Reads to the end and drops it; returns whether the stream ended at its marker. */
    synchronized boolean drain() throws IOException {
        byte[] sink = new byte[CHUNK];
        while (read(sink, 0, sink.length) >= 0) {
            // dropped
        }
        return sawMarker;
    }

    /** Whether the stream ended at its marker rather than at the end of its source. */
    synchronized boolean sawMarker() {
        return sawMarker;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** How many buffered bytes are surely not the marker (all of them once the stream ended). */
    private int deliverable() {
        if (sawMarker || sourceEnded) {
            return end - start;
        }
        return end - start - heldBack();
    }

    /** The longest tail of the buffered bytes that the marker begins with. */
    private int heldBack() {
        for (int k = Math.min(marker.length - 1, end - start); k > 0; k--) {
            if (Arrays.equals(buffer, end - k, end, marker, 0, k)) {
                return k;
            }
        }
        return 0;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            searchFrom = Math.max(0, searchFrom - start);
            end -= start;
            start = 0;
        }
        int n = source.read(buffer, end, buffer.length - end);
        if (n < 0) {
            sourceEnded = true;
            return;
        }
        end += n;
        int at = indexOfMarker();
        if (at >= 0) {
            sawMarker = true;
            end = at; // nothing is sent after the marker
        }
    }

    private int indexOfMarker() {
        for (int i = Math.max(start, searchFrom); i + marker.length <= end; i++) {
            if (Arrays.equals(buffer, i, i + marker.length, marker, 0, marker.length)) {
                return i;
            }
        }
        searchFrom = Math.max(start, end - marker.length + 1);
        return -1;
    }
}
