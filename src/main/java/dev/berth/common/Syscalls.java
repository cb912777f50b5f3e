package dev.berth.common;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/** libc functions through the FFM API, for what the JDK has no API for; each handle captures errno, so a failure can say why. */
public final class Syscalls {
    /** The segment a handle's first argument takes, where the call leaves errno. */
    public static final StructLayout ERRNO = Linker.Option.captureStateLayout();
    private static final Linker LINKER = Linker.nativeLinker();
    private static final VarHandle ERRNO_VALUE = ERRNO.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LINKER.defaultLookup().find("strerror").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Syscalls() {}

    /** One call through a handle from {@link #libc}: given a confined arena and the errno segment, returns the result. */
    @FunctionalInterface
    public interface Call {
        int invoke(Arena arena, MemorySegment errno) throws Throwable;
    }

    /** Makes a call that returns 0 on success; any other result fails naming {@code what} was tried and why. */
    public static void check(String what, Call call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(ERRNO);
            if (call.invoke(arena, errno) != 0) {
                throw BerthException.internal("cannot " + what + ": " + describe(errno(errno)));
            }
        } catch (BerthException e) {
            throw e;
        } catch (Throwable t) {
            throw BerthException.internal("cannot " + what + ": " + t, t);
        }
    }

    /** A handle on libc's {@code name}, taking an {@link #ERRNO} segment before the function's own arguments. */
    public static MethodHandle libc(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = Linker.Option.captureCallState("errno");
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor, all);
    }

    /** The errno a call left in {@code state}. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO_VALUE.get(state, 0L);
    }

    /** errno in words, as strerror(3) has it: "Invalid argument (errno 22)". */
    public static String describe(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0) + " (errno " + errno + ")";
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
