package dev.berth.image.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Hands every byte read to {@link #tap} and reports the end to {@link #atEnd}. The one-byte read and skip read
 * through the bulk read, so no byte can bypass the tap.
 */
abstract class TappedInputStream extends FilterInputStream {
    TappedInputStream(InputStream in) {
        super(in);
    }

    /** Sees {@code length} bytes just read into {@code buffer} at {@code offset}. */
    abstract void tap(byte[] buffer, int offset, int length);

    /** Called each time the underlying stream reports its end. */
    void atEnd() {}

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            tap(buffer, offset, n);
        } else if (n < 0) {
            atEnd();
        }
        return n;
    }

    @Override
    public final long skip(long count) throws IOException {
        byte[] buffer = new byte[(int) Math.min(Math.max(count, 0), 64 * 1024)];
        long skipped = 0;
        while (skipped < count) {
            int n = read(buffer, 0, (int) Math.min(buffer.length, count - skipped));
            if (n < 0) {
                break;
            }
            skipped += n;
        }
        return skipped;
    }
}
