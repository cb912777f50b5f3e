package dev.berth.runtime.runc;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The write side of conmon's attach socket: bytes written here reach the container's stdin; closing ends this
 * client's input, which closes the container's stdin when it is StdinOnce.
 * conmon also sends the container's output to every attached client; it is drained and dropped on a platform
 * thread (Berth reads output from the log instead), so conmon never blocks on a full socket.
 *
 * <p>Closing only half-closes the socket, as podman does; the socket itself is closed once conmon has closed
 * its side, when the container has ended. conmon (2.1.6, and upstream still) frees a client once both
 * directions are shut, and when that happens as it reads the end of input, it then reads the freed client to
 * decide whether to close the container's stdin. Both were shut there whenever conmon had already failed to
 * send output to a fully closed client, so the stdin stayed open and a {@code cat} waited for ever (issue 2).
 * A half-closed client still takes output, so that cannot happen.
 */
final class AttachStdin extends OutputStream {
    /** conmon reads at most this much per packet. */
    private static final int PACKET = 8192;
    private final SeqpacketSocket socket;
    /** Set, under this object's lock, once conmon's side ended and the socket is closed: its fd may be reused. */
    private boolean released;

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
                // conmon went away: nothing more comes.
            }
            release();
        });
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (released) {
            throw new IOException("the container's stdin is gone");
        }
        for (int done = 0; done < len; done += PACKET) {
            socket.write(b, off + done, Math.min(PACKET, len - done));
        }
    }

    /** Ends this client's input: conmon reads the half-close as end of stream. */
    @Override
    public synchronized void close() throws IOException {
        if (!released) {
            socket.shutdownOutput();
        }
    }

    private synchronized void release() {
        released = true;
        socket.close();
    }
}
