package dev.berth.image.format;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes a blob as it is read and fails at its end if the bytes are not the ones the digest names. */
public final class VerifyingInputStream extends TappedInputStream {
    private final Digest expected;
    private final Mismatch mismatch;
    private final MessageDigest hash = Digest.newSha256();
    private boolean verified;

    /** What to throw when the bytes hash to {@code actual} instead of {@code expected}. */
    @FunctionalInterface
    public interface Mismatch {
        BerthException of(Digest expected, Digest actual);
    }

    /** Verifies a blob read back from the content store: a mismatch there is corruption on disk. */
    public VerifyingInputStream(InputStream in, Digest expected) {
        this(in, expected, (want, actual) -> BerthException.internal("blob " + want + " is corrupted: its content hashes to "
                + actual + "; remove the images that use it (berth rmi) and load or pull them again"));
    }

    public VerifyingInputStream(InputStream in, Digest expected, Mismatch mismatch) {
        super(in);
        this.expected = expected;
        this.mismatch = mismatch;
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
            throw mismatch.of(expected, actual);
        }
    }
}
