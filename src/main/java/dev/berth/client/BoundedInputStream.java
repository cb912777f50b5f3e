package dev.berth.client;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.io.InputStream;

/** A body of known Content-Length: EOF exactly after that many bytes, an error if the daemon sends fewer. */
final class BoundedInputStream extends BulkInputStream {
    private final InputStream in;
    private long remaining;

    BoundedInputStream(InputStream in, long length) {
        this.in = in;
        this.remaining = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n == -1) {
            throw BerthException.internal("the daemon closed the connection " + remaining + " bytes before the end of the body");
        }
        remaining -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
