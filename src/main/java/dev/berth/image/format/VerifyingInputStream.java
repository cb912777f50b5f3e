package dev.berth.image.format;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes a blob as it is read and fails at its end if the bytes are not the ones the digest names. */
public final class VerifyingInputStream extends FilterInputStream {
    private final Digest expected;
    private final MessageDigest hash = Digest.newSha256();
    private boolean verified;

    public VerifyingInputStream(InputStream in, Digest expected) {
        super(in);
        this.expected = expected;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            hash.update(buffer, offset, n);
        } else if (n < 0) {
            verify();
        }
        return n;
    }

    /** Skipped bytes are read and hashed, or the digest could not be checked. */
    @Override
    public long skip(long count) throws IOException {
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

    @Override
    public boolean markSupported() {
        return false;
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        Digest actual = Digest.fromHash(hash.digest());
        if (!actual.equals(expected)) {
            throw BerthException.internal("blob " + expected + " is corrupted: its content hashes to " + actual
                    + "; remove the images that use it (berth rmi) and load or pull them again");
        }
    }
}
