package dev.berth.client;

import java.io.IOException;
import java.io.InputStream;

/** A stream that implements only the bulk read; the one-byte read goes through it so the two cannot disagree. */
abstract class BulkInputStream extends InputStream {
    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
