package dev.berth.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a health probe wrote to stdout and stderr together, in arrival order, kept up to {@link #LIMIT} bytes as
 * dockerd's {@code limitedBuffer} keeps it: the rest is dropped and the text ends in "..." to say so. Thread-safe,
 * as both streams write into it.
 */
final class ProbeOutput {
    static final int LIMIT = 4096;

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean truncated;

    synchronized void write(byte[] data, int offset, int length) {
        int keep = Math.min(LIMIT - kept.size(), length);
        if (keep > 0) {
            kept.write(data, offset, keep);
        }
        truncated |= keep < length;
    }

    synchronized String text() {
        String out = kept.toString(StandardCharsets.UTF_8);
        return truncated ? out + "..." : out;
    }
}
