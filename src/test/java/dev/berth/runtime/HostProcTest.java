package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostProcTest {
    @Test
    void aProcessCountsFromItsStatEvenWithParenthesesInItsName(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("42"));
        // comm "qemu (x) 1" holds spaces and a parenthesis; utime 250 and stime 50 ticks are fields 14 and 15.
        Files.writeString(proc.resolve("42/stat"), "42 (qemu (x) 1) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 5 0 300\n");
        Files.writeString(proc.resolve("42/status"), "Name:\tqemu\nVmRSS:\t  245760 kB\nThreads:\t5\n");
        HostProc host = new HostProc(proc);
        assertThat(host.processCpuNanos(42)).isEqualTo(3_000_000_000L);
        assertThat(host.processResidentBytes(42)).isEqualTo(245760L * 1024);
        assertThat(host.processThreads(42)).isEqualTo(5);
    }
}
