package dev.berth.runtime.runc;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The write side of conmon's attach socket: bytes written here reach the container's stdin; closing detaches.
 * conmon also sends the container's output to every attached client; it is drained and dropped on a platform
 * thread (Berth reads output from the log instead), so conmon never blocks on a full socket.
 */
final class AttachStdin extends OutputStream {
    /** conmon reads at most this much per packet. */
    private static final int PACKET = 8192;
    private final SeqpacketSocket socket;

    AttachStdin(SeqpacketSocket socket) {
        this.socket = socket;
        Thread.ofPlatform().daemon().name("attach-drain").start(() -> {
            byte[] buf = new byte[PACKET + 1];
            try {
                int n;
                do {
                    n = socket.read(buf);
                } while (n >= 0);
            } catch (IOException ignored) {
                // The socket closed: detached.
            }
        });
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int done = 0; done < len; done += PACKET) {
            socket.write(b, off + done, Math.min(PACKET, len - done));
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
