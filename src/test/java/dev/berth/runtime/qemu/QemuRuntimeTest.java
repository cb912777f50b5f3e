package dev.berth.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuRuntimeTest {
    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    void memoryDefaultsAndIsRefusedBelowBootableOrAboveTheHost() {
        assertThat(QemuRuntime.memoryMiB(0, 8 * GIB)).isEqualTo(QemuRuntime.DEFAULT_MEMORY_MIB);
        assertThat(QemuRuntime.memoryMiB(GIB, 8 * GIB)).isEqualTo(1024);
        assertThatThrownBy(() -> QemuRuntime.memoryMiB(16L << 20, 8 * GIB)).hasMessageContaining("too small for a VM");
        assertThatThrownBy(() -> QemuRuntime.memoryMiB(100 * 1024 * GIB, 8 * GIB)).hasMessageContaining("more than this host has (8192 MiB)");
    }

    @Test
    void cpusRoundUpAndStayWithinTheHost() {
        assertThat(QemuRuntime.cpus(0, 2)).isEqualTo(1);
        assertThat(QemuRuntime.cpus(1_500_000_000L, 2)).isEqualTo(2);
        assertThatThrownBy(() -> QemuRuntime.cpus(3_000_000_000L, 2)).hasMessageContaining("--cpus 3 is more than this host has (2)");
    }

    @Test
    void exitCodeComesFromTheGuestInitOrSaysQemuDied() {
        assertThat(QemuRuntime.guestExitCode("ready\nexit 7\n")).isEqualTo(7);
        assertThat(QemuRuntime.guestExitCode("error cannot mount the root disk /dev/vda\n")).isEqualTo(QemuRuntime.EXIT_INIT_FAILED);
        assertThat(QemuRuntime.guestExitCode("ready\n")).isEqualTo(QemuRuntime.EXIT_QEMU_DIED);
        assertThat(QemuRuntime.guestExitCode("")).isEqualTo(QemuRuntime.EXIT_QEMU_DIED);
    }

    @Test
    void aFullOsVmExitsZeroWhenItsKernelPoweredOffOrRebooted() {
        assertThat(QemuRuntime.osExitCode("[  OK  ] Reached target System Power Off.\r\n[   41.2] reboot: Power down\r\n")).isZero();
        assertThat(QemuRuntime.osExitCode("[   12.0] reboot: Restarting system\n")).isZero();
        assertThat(QemuRuntime.osExitCode("Debian GNU/Linux 12 legacy ttyS0\n\nlegacy login: ")).isEqualTo(QemuRuntime.EXIT_QEMU_DIED);
        assertThat(QemuRuntime.osExitCode("")).isEqualTo(QemuRuntime.EXIT_QEMU_DIED);
    }

    @Test
    void topLeavesOutKernelThreadsAndBerthsOwnGuestProcesses() {
        assertThat(QemuRuntime.isBerthsOwn("[kthreadd]")).isTrue();
        assertThat(QemuRuntime.isBerthsOwn("{init} /bin/busybox sh /init")).isTrue();
        assertThat(QemuRuntime.isBerthsOwn("cat /berth/run/0.out")).isTrue();
        assertThat(QemuRuntime.isBerthsOwn(QemuRuntime.TOP_COMMAND)).isTrue();
        assertThat(QemuRuntime.isBerthsOwn("httpd -f -p 80")).isFalse();
    }

    @Test
    void tscFrequencyOnlyForAConstantTsc(@TempDir Path dir) throws IOException {
        Path constant = Files.writeString(dir.resolve("a"), "cpu MHz\t\t: 2596.124\nflags\t\t: fpu tsc constant_tsc nonstop_tsc\n");
        Path drifting = Files.writeString(dir.resolve("b"), "cpu MHz\t\t: 2596.124\nflags\t\t: fpu tsc\n");
        assertThat(QemuRuntime.hostTscKhz(constant)).isEqualTo(2_596_124);
        assertThat(QemuRuntime.hostTscKhz(drifting)).isZero();
    }
}
