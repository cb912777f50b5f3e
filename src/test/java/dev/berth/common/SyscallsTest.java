package dev.berth.common;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import org.junit.jupiter.api.Test;

class SyscallsTest {
    private static final MethodHandle CLOSE = Syscalls.libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    @Test
    void aFailedCallSaysWhatWasTriedAndErrnoInWords() {
        assertThatThrownBy(() -> Syscalls.check("close fd -1", (arena, errno) -> (int) CLOSE.invokeExact(errno, -1)))
                .isInstanceOf(BerthException.class)
                .hasMessageStartingWith("cannot close fd -1: ").hasMessageEndingWith(" (errno 9)")
                .hasMessageNotContaining(": (errno"); // strerror's words (in the locale's language) come first
    }

    @Test
    void describesErrnoAsStrerrorDoes() {
        assertThat(Syscalls.describe(2)).endsWith(" (errno 2)").hasSizeGreaterThan(" (errno 2)".length());
    }
}
