package dev.berth.common;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** umount2(2) in-process, through the FFM API: a container's removal saves the start of an {@code umount} process. */
public final class Unmount {
    private static final int MNT_DETACH = 2;
    private static final int EBUSY = 16;
    private static final MethodHandle UMOUNT2 = Syscalls.libc("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    private Unmount() {}

    /** Unmounts {@code target}; one still in use is detached, as {@code umount -l} does, and goes once unused. */
    public static void unmount(Path target) {
        int errno = umount2(target, 0);
        if (errno == EBUSY) {
            errno = umount2(target, MNT_DETACH);
        }
        if (errno != 0) {
            throw BerthException.internal("cannot unmount " + target + ": " + Syscalls.describe(errno));
        }
    }

    /** 0 on success, else errno. */
    private static int umount2(Path target, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Syscalls.ERRNO);
            int rc = (int) UMOUNT2.invokeExact(errno, arena.allocateFrom(target.toString()), flags);
            return rc == 0 ? 0 : Syscalls.errno(errno);
        } catch (Throwable t) {
            throw BerthException.internal("umount2 " + target + " failed: " + t, t);
        }
    }
}
