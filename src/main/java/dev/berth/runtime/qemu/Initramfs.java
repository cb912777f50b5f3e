package dev.berth.runtime.qemu;

import dev.berth.common.BerthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * An initramfs: a cpio archive in the "newc" format the kernel unpacks into its first root file system. Entries
 * keep insertion order, parents before children (the kernel creates no missing directories), with zeroed times
 * and root ownership so the same input gives the same bytes. The kernel also accepts several archives one after
 * the other, each 4-byte aligned, which lets a VM's small spec archive follow a cached base archive.
 */
final class Initramfs {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(long mode, byte[] content) {}

    Initramfs directory(String path) {
        entries.put(path, new Entry(CpioConstants.C_ISDIR | 0755, new byte[0]));
        return this;
    }

    /** A symbolic link: newc stores the target as the entry's content. */
    Initramfs symlink(String path, String target) {
        entries.put(path, new Entry(CpioConstants.C_ISLNK | 0777, target.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** A named pipe, which the kernel creates when it unpacks the archive (no mkfifo fork in the guest). */
    Initramfs fifo(String path) {
        entries.put(path, new Entry(CpioConstants.C_ISFIFO | 0600, new byte[0]));
        return this;
    }

    Initramfs file(String path, int permissions, byte[] content) {
        entries.put(path, new Entry(CpioConstants.C_ISREG | permissions, content));
        return this;
    }

    /** The archive, uncompressed, padded to a multiple of 4 bytes so that another archive may follow. */
    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writeTo(bytes);
        padToFour(bytes);
        return bytes.toByteArray();
    }

    /** The archive gzip-compressed (fewer bytes for QEMU to load), padded to a multiple of 4 bytes. */
    byte[] toGzip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            writeTo(gzip);
        } catch (IOException e) {
            throw BerthException.internal("cannot compress initramfs: " + e.getMessage(), e);
        }
        padToFour(bytes);
        return bytes.toByteArray();
    }

    private void writeTo(OutputStream out) {
        try {
            CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(out, CpioConstants.FORMAT_NEW);
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, e.getKey(), e.getValue().content().length);
                entry.setMode(e.getValue().mode());
                entry.setNumberOfLinks((e.getValue().mode() & CpioConstants.S_IFMT) == CpioConstants.C_ISDIR ? 2 : 1);
                entry.setTime(0);
                cpio.putArchiveEntry(entry);
                cpio.write(e.getValue().content());
                cpio.closeArchiveEntry();
            }
            cpio.finish();
        } catch (IOException e) {
            throw BerthException.internal("cannot write initramfs: " + e.getMessage(), e);
        }
    }

    private static void padToFour(ByteArrayOutputStream bytes) {
        while (bytes.size() % 4 != 0) {
            bytes.write(0);
        }
    }
}
