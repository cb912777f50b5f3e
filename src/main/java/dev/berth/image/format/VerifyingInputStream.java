package dev.berth.image.format;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes a blob as it is read and fails at its end if the bytes are not the ones the digest names. */
public final class VerifyingInputStream extends TappedInputStream {
    private final Digest expected;
    private final MessageDigest hash = Digest.newSha256();
    private boolean verified;

    public VerifyingInputStream(InputStream in, Digest expected) {
        super(in);
        this.expected = expected;
    }

    @Override
    void tap(byte[] buffer, int offset, int length) {
        hash.update(buffer, offset, length);
    }

    @Override
    void atEnd() {
        verify();
    }

    /** A reset would hash the same bytes twice. */
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
