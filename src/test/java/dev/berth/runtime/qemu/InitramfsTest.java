package dev.berth.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;

class InitramfsTest {
    private static final Initramfs ARCHIVE = new Initramfs().directory("bin")
            .file("init", 0755, "#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII))
            .file("bin/tool", 0644, new byte[] {1, 2, 3})
            .symlink("bin/sh", "busybox")
            .fifo("bin/pipe");

    @Test
    void writesNewcEntriesInOrderWithTypesModesAndContent() throws IOException {
        List<String> seen = read(new ByteArrayInputStream(ARCHIVE.toBytes()));
        assertThat(seen).containsExactly("bin dir 755 0", "init file 755 10", "bin/tool file 644 3", "bin/sh link 777 busybox", "bin/pipe fifo 600 0");
    }

    @Test
    void gzipHoldsTheSameArchive() throws IOException {
        assertThat(read(new GZIPInputStream(new ByteArrayInputStream(ARCHIVE.toGzip()))))
                .containsExactly("bin dir 755 0", "init file 755 10", "bin/tool file 644 3", "bin/sh link 777 busybox", "bin/pipe fifo 600 0");
    }

    @Test
    void isPaddedToFourBytesSoThatAnotherArchiveCanFollow() {
        assertThat(ARCHIVE.toBytes().length % 4).isZero();
        assertThat(ARCHIVE.toGzip().length % 4).isZero();
        assertThat(new String(ARCHIVE.toBytes(), 0, 6, StandardCharsets.US_ASCII)).isEqualTo("070701");
    }

    @Test
    void sameInputGivesTheSameBytes() {
        assertThat(ARCHIVE.toBytes()).isEqualTo(ARCHIVE.toBytes());
    }

    private static List<String> read(InputStream in) throws IOException {
        List<String> seen = new ArrayList<>();
        try (CpioArchiveInputStream cpio = new CpioArchiveInputStream(in)) {
            for (CpioArchiveEntry e; (e = cpio.getNextEntry()) != null; ) {
                assertThat(e.getTime()).isZero();
                assertThat(e.getUID()).isZero();
                byte[] content = cpio.readAllBytes();
                seen.add(e.isSymbolicLink() ? "%s link %o %s".formatted(e.getName(), e.getMode() & 07777, new String(content, StandardCharsets.UTF_8))
                        : "%s %s %o %d".formatted(e.getName(), e.isDirectory() ? "dir" : e.isPipe() ? "fifo" : "file", e.getMode() & 07777, content.length));
            }
        }
        return seen;
    }
}
