package dev.berth.image.format;

import dev.berth.common.BerthException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Recognizes a compressed tar by its magic bytes, as docker load does, whatever the media type claims. */
public final class Compression {
    private static final byte[] GZIP = {0x1f, (byte) 0x8b};
    private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    private Compression() {}

    /** Returns a stream of the uncompressed bytes of {@code in} (plain or gzip). */
    public static InputStream decompress(InputStream in, String what) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(ZSTD.length);
        byte[] magic = buffered.readNBytes(ZSTD.length);
        buffered.reset();
        if (startsWith(magic, GZIP)) {
            return GzipCompressorInputStream.builder().setInputStream(buffered).setDecompressConcatenated(true).get();
        }
        if (startsWith(magic, ZSTD)) {
            throw BerthException.invalid(what + " is zstd-compressed, which Berth does not read yet;"
                    + " convert it to gzip (skopeo copy --dest-compress-format gzip)");
        }
        return buffered;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }
}
