package dev.berth.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Byte builders shared by the wire tests. */
public final class WireTestData {
    private WireTestData() {}

    /** One multiplexed frame: [stream,0,0,0,size BE] + payload. */
    public static byte[] frame(int stream, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(stream);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write((data.length >>> 24) & 0xff);
        out.write((data.length >>> 16) & 0xff);
        out.write((data.length >>> 8) & 0xff);
        out.write(data.length & 0xff);
        out.writeBytes(data);
        return out.toByteArray();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
