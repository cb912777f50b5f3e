package dev.berth.runtime.qemu;

import dev.berth.common.BerthException;
import dev.berth.common.HostCommand;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A VM's root disk: a sparse raw ext4 image filled from the container's root file system by {@code mkfs.ext4 -d}
 * (e2fsprogs), which keeps modes, owners and links. Sized to what the tree holds plus headroom; made fresh for
 * every start of a VM (no per-image cache yet), so what a VM writes to its root is gone at its next start.
 */
final class RootDisk {
    static final Duration MKFS_TIMEOUT = Duration.ofMinutes(5);
    /** ext4's own metadata needs room even for a tiny tree. */
    static final long MINIMUM = 64L * 1024 * 1024;

    private RootDisk() {}

    static void build(Path rootfs, Path disk, long headroom) throws IOException {
        long size = Math.max(MINIMUM, treeBytes(rootfs) * 5 / 4 + headroom);
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength(size);
        }
        // No journal and no metadata checksums: the disk lives as long as one run of the VM, and the guest spends
        // less emulated CPU on each write.
        HostCommand.run(List.of("mkfs.ext4", "-q", "-F", "-O", "^has_journal,^metadata_csum", "-d", rootfs.toString(),
                disk.toString()), MKFS_TIMEOUT).check();
    }

    private static long treeBytes(Path rootfs) throws IOException {
        if (!Files.isDirectory(rootfs)) {
            throw BerthException.invalid("root file system " + rootfs + " is not a directory");
        }
        // Hard links (busybox's applets are hundreds of them) take the space of one file.
        Map<Object, Long> sizes = new HashMap<>();
        try (Stream<Path> files = Files.walk(rootfs)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile()) {
                    sizes.put(attributes.fileKey(), attributes.size());
                }
            }
        }
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }
}
