package dev.berth.runtime.runc;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A client of a unix SOCK_SEQPACKET socket, which conmon's attach socket is and the JDK cannot open. Calls libc
 * through the FFM API. Reads and writes block in native code, so callers use platform threads for them: a
 * blocked native call would pin a virtual thread's carrier.
 */
final class SeqpacketSocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SUN_PATH_MAX = 108;
    private final int fd;
    private volatile boolean closed;

    private SeqpacketSocket(int fd) {
        this.fd = fd;
    }

    /**
     * Connects to the socket at {@code path}. Socket paths are limited to 108 bytes, and a bundle path under a
     * deep exec root is longer, so the connection goes through {@code /proc/self/fd/N/NAME} of the opened
     * directory, as conmon does when it binds the socket.
     */
    static SeqpacketSocket connect(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Libc.ERRNO);
            int dirFd = (int) Libc.OPEN.invokeExact(errno, arena.allocateFrom(path.getParent().toString()),
                    Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
            if (dirFd < 0) {
                throw new IOException("cannot open " + path.getParent() + ": errno " + Libc.errno(errno));
            }
            try {
                return connectShort(arena, errno, "/proc/self/fd/" + dirFd + "/" + path.getFileName());
            } finally {
                int ignored = (int) Libc.CLOSE.invokeExact(errno, dirFd);
            }
        } catch (IOException e) {
            throw new IOException("cannot connect to " + path + ": " + e.getMessage(), e);
        } catch (Throwable t) {
            throw new IOException("native call failed: " + t, t);
        }
    }

    private static SeqpacketSocket connectShort(Arena arena, MemorySegment errno, String path) throws Throwable {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        int fd = (int) Libc.SOCKET.invokeExact(errno, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("socket(AF_UNIX, SOCK_SEQPACKET) failed: errno " + Libc.errno(errno));
        }
        MemorySegment addr = arena.allocate(2 + SUN_PATH_MAX);
        addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(name, 0, addr, java.lang.foreign.ValueLayout.JAVA_BYTE, 2, name.length);
        int rc = (int) Libc.CONNECT.invokeExact(errno, fd, addr, 2 + name.length + 1);
        if (rc < 0) {
            int err = Libc.errno(errno);
            int ignored = (int) Libc.CLOSE.invokeExact(errno, fd);
            throw new IOException("connect failed: errno " + err);
        }
        return new SeqpacketSocket(fd);
    }

    /** Sends {@code len} bytes as one packet. */
    void write(byte[] data, int off, int len) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Libc.ERRNO);
            MemorySegment buf = arena.allocate(Math.max(1, len));
            MemorySegment.copy(data, off, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, len);
            long n = (long) Libc.WRITE.invokeExact(errno, fd, buf, (long) len);
            if (n < 0) {
                throw new IOException("write to attach socket failed: errno " + Libc.errno(errno));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("native call failed: " + t, t);
        }
    }

    /** Reads one packet into {@code data}; -1 at end of stream. */
    int read(byte[] data) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Libc.ERRNO);
            MemorySegment buf = arena.allocate(data.length);
            long n = (long) Libc.READ.invokeExact(errno, fd, buf, (long) data.length);
            if (n < 0) {
                if (closed) {
                    return -1;
                }
                throw new IOException("read from attach socket failed: errno " + Libc.errno(errno));
            }
            if (n == 0) {
                return -1;
            }
            MemorySegment.copy(buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, data, 0, (int) n);
            return (int) n;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("native call failed: " + t, t);
        }
    }

    /** Shuts down the sending direction: the peer reads end of stream, and can still send to us. */
    void shutdownOutput() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Libc.ERRNO);
            if ((int) Libc.SHUTDOWN.invokeExact(errno, fd, Libc.SHUT_WR) < 0) {
                throw new IOException("shutdown of attach socket failed: errno " + Libc.errno(errno));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("native call failed: " + t, t);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena arena = Arena.ofConfined()) {
            // shutdown first: close alone does not wake a thread blocked in read on this fd.
            int ignoredShutdown = (int) Libc.SHUTDOWN.invokeExact(arena.allocate(Libc.ERRNO), fd, Libc.SHUT_RDWR);
            int ignored = (int) Libc.CLOSE.invokeExact(arena.allocate(Libc.ERRNO), fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close(" + fd + ") failed", t);
        }
    }

}
