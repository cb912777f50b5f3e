package dev.berth.image.registry;

import dev.berth.common.BerthException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * The {@code size} bytes of a blob, read across broken connections: when a read fails or the stream ends early,
 * the blob is opened again at the byte where it broke (an HTTP Range request) up to {@link #MAX_RESUMES} times.
 * Never reads past {@code size}; the caller verifies the digest of what it got.
 */
final class ResumingBlobStream extends InputStream {
    static final int MAX_RESUMES = 3;

    /** Opens the blob positioned at {@code offset}. */
    @FunctionalInterface
    interface Opener {
        InputStream openAt(long offset);
    }

    private final Opener opener;
    private final long size;
    private final String what;
    private final LongConsumer progress;
    private InputStream current;
    private long position;
    private int resumes;

    ResumingBlobStream(Opener opener, long size, String what, LongConsumer progress) {
        this.opener = opener;
        this.size = size;
        this.what = what;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position < size) {
            try {
                if (current == null) {
                    current = opener.openAt(position);
                }
                int n = current.read(buffer, offset, (int) Math.min(length, size - position));
                if (n < 0) {
                    throw new EOFException("the stream ended");
                }
                position += n;
                progress.accept(position);
                return n;
            } catch (IOException | BerthException e) {
                closeCurrent();
                boolean connectionBroke = e instanceof IOException || e.getCause() instanceof IOException;
                if (!connectionBroke) {
                    throw e;
                }
                if (Thread.currentThread().isInterrupted() || ++resumes > MAX_RESUMES) {
                    throw BerthException.internal(what + " broke off at byte " + position + " of " + size + " "
                            + (resumes > MAX_RESUMES ? "after " + MAX_RESUMES + " resumed attempts" : "(interrupted)")
                            + ": " + e.getMessage() + "; check the connection to the registry and pull again");
                }
            }
        }
        return -1;
    }

    @Override
    public void close() {
        closeCurrent();
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // a broken connection may fail to close; a new one is opened anyway
            }
            current = null;
        }
    }
}
