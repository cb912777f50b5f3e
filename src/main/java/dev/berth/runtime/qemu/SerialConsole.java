package dev.berth.runtime.qemu;

import dev.berth.common.BerthException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * A full-OS VM's serial console: QEMU serves the guest's ttyS0 on a unix socket, and berthd keeps the one connection
 * to it while the VM runs. What the guest writes is appended to the VM's stdout file, which the log pump turns into
 * the log (so {@code logs} and attach show the console); what attach clients type goes to the guest through
 * {@link #input}. While no daemon is connected, QEMU drops the console's output, as a serial line nobody listens to.
 */
final class SerialConsole implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final SocketChannel channel;

    private SerialConsole(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects to the console socket QEMU is about to create, waiting for it while {@code qemu} runs. */
    static SerialConsole connect(VmDirs dirs, ProcessHandle qemu) {
        Instant deadline = Instant.now().plus(CONNECT_TIMEOUT);
        while (true) {
            try {
                return new SerialConsole(SocketChannel.open(UnixDomainSocketAddress.of(dirs.consoleSocket())));
            } catch (IOException e) {
                if (!qemu.isAlive() || Instant.now().isAfter(deadline)) {
                    throw BerthException.internal("cannot connect to the console of VM %s: %s".formatted(dirs.id(), e.getMessage()), e);
                }
                try {
                    Thread.sleep(QemuRuntime.POLL);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw BerthException.internal("interrupted while connecting to the console of VM " + dirs.id(), interrupted);
                }
            }
        }
    }

    /** Copies the console's output to {@code dirs.stdout()} until QEMU closes it or this is closed. */
    void copyOutput(VmDirs dirs) {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try (FileChannel out = FileChannel.open(dirs.stdout(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (channel.read(buffer.clear()) >= 0) {
                out.write(buffer.flip());
            }
        } catch (IOException e) {
            // QEMU ended, or the daemon closed the console: either way the output ends here.
        }
    }

    /** What an attached client types; closing it leaves the console connected, as the guest's line stays up. */
    OutputStream input() {
        OutputStream out = Channels.newOutputStream(channel);
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length); // whole, not byte by byte as FilterOutputStream would
            }

            @Override
            public void close() {
                // the console stays connected for the next client
            }
        };
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing is left to release
        }
    }
}
