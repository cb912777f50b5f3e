package dev.berth.runtime.runc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.berth.common.Syscalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The few libc calls the JDK has no API for (seqpacket sockets, FIFOs), through the FFM API. Each handle
 * captures errno, so a failure can say why.
 */
final class Libc {
    static final int O_PATH = 0x200000;
    static final int O_DIRECTORY = 0x10000;
    static final int O_CLOEXEC = 0x80000;
    static final int SHUT_WR = 1;
    static final int SHUT_RDWR = 2;
    static final StructLayout ERRNO = Syscalls.ERRNO;
    static final MethodHandle SOCKET = Syscalls.libc("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle CONNECT = Syscalls.libc("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle READ = Syscalls.libc("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle WRITE = Syscalls.libc("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle CLOSE = Syscalls.libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final MethodHandle OPEN = Syscalls.libc("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle SHUTDOWN = Syscalls.libc("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle MKFIFO = Syscalls.libc("mkfifo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0x100;
    private static final long TIOCSWINSZ = 0x5414;
    private static final MethodHandle IOCTL = Syscalls.libc("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            Linker.Option.firstVariadicArg(2));

    private Libc() {}

    /** mkfifo(3): a named pipe at {@code path} with permission bits {@code mode}, in-process. */
    static void mkfifo(Path path, int mode) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(ERRNO);
            int rc = (int) MKFIFO.invokeExact(errno, arena.allocateFrom(path.toString()), mode);
            if (rc < 0) {
                throw new IOException("mkfifo " + path + " failed: errno " + errno(errno));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("native call failed: " + t, t);
        }
    }

    /**
     * TIOCSWINSZ on the terminal at {@code tty} (e.g. /proc/PID/fd/0): the kernel stores the size and sends
     * SIGWINCH to the terminal's foreground process group, which is all a resize is.
     */
    static void setWindowSize(Path tty, int rows, int columns) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(ERRNO);
            int fd = (int) OPEN.invokeExact(errno, arena.allocateFrom(tty.toString()), O_RDWR | O_NOCTTY | O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("open " + tty + " failed: errno " + errno(errno));
            }
            try {
                MemorySegment size = arena.allocate(8, 2); // struct winsize: rows, columns, x and y pixels
                size.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) rows);
                size.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 2, (short) columns);
                int rc = (int) IOCTL.invokeExact(errno, fd, TIOCSWINSZ, size);
                if (rc < 0) {
                    throw new IOException("TIOCSWINSZ on " + tty + " failed: errno " + errno(errno));
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(errno, fd);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("native call failed: " + t, t);
        }
    }

    static int errno(MemorySegment state) {
        return Syscalls.errno(state);
    }
}
