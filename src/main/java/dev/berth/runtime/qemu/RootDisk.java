package dev.berth.runtime.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.ByteSize;
import dev.berth.common.HostCommand;
import dev.berth.common.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A VM's root disk: a sparse raw ext4 image filled from the container's root file system by {@code mkfs.ext4 -d}
 * (e2fsprogs), which keeps modes, owners and links, sized to what the tree holds plus headroom; and the qcow2
 * overlay on it that the VM writes to (qemu-img), made fresh for every start of a VM, so what a VM writes to its
 * root is gone at its next start. The raw disk is shared by the VMs of one image ({@link ImageDisks}) unless the
 * container's root differs from its image.
 */
final class RootDisk {
    static final Duration MKFS_TIMEOUT = Duration.ofMinutes(5);
    /** ext4's own metadata needs room even for a tiny tree. */
    static final long MINIMUM = 64L * 1024 * 1024;
    static final String QEMU_IMG = "qemu-img";

    private RootDisk() {}

    static void build(Path rootfs, Path disk, long headroom) throws IOException {
        format(rootfs, disk, Math.max(MINIMUM, treeBytes(rootfs) * 5 / 4 + headroom));
    }

    /** A disk of {@code size} bytes ({@code --storage-opt size}, {@code x-berth.disk_size}); too small for the tree is an error. */
    static void buildSized(Path rootfs, Path disk, long size) throws IOException {
        long needed = Math.max(MINIMUM, treeBytes(rootfs) * 5 / 4);
        if (size < needed) {
            throw BerthException.invalid("a root disk of %d bytes is too small: the image needs at least %d (%s)"
                    .formatted(size, needed, ByteSize.human(needed)));
        }
        format(rootfs, disk, size);
    }

    private static void format(Path rootfs, Path disk, long size) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength(size);
        }
        // No journal and no metadata checksums: the disk lives as long as one run of the VM, and the guest spends
        // less emulated CPU on each write.
        HostCommand.run(List.of("mkfs.ext4", "-q", "-F", "-O", "^has_journal,^metadata_csum", "-d", rootfs.toString(),
                disk.toString()), MKFS_TIMEOUT).check();
    }

    /** A qcow2 overlay backed by the raw disk {@code base}, as large as it, holding nothing yet. */
    static void overlay(Path base, Path overlay) {
        HostCommand.run(List.of(QEMU_IMG, "create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", "raw", overlay.toString()),
                MKFS_TIMEOUT).check();
    }

    /**
     * Copies what {@code overlay} holds into a new qcow2 file {@code target}: backed by the same raw disk {@code base}
     * and holding only what the overlay wrote when there is one, else standing alone. {@code -U}: the VM's QEMU still
     * has the overlay open, paused and flushed.
     */
    static void export(Path overlay, Optional<Path> base, Path target) {
        List<String> argv = new ArrayList<>(List.of(QEMU_IMG, "convert", "-U", "-O", "qcow2"));
        base.ifPresent(b -> argv.addAll(List.of("-B", b.toString(), "-F", "raw")));
        argv.addAll(List.of(overlay.toString(), target.toString()));
        HostCommand.run(argv, MKFS_TIMEOUT).check();
    }

    /**
     * A full-OS VM's own disk image ({@code berth vm create --disk}), copied as a sparse raw disk, so that the VM never
     * writes the user's file and its snapshots work as an image's do. Only raw and qcow2 without a backing file: a
     * backing file would let the disk read any file of the host.
     */
    static void copyOf(Path image, Path disk) {
        if (!Files.isRegularFile(image) || !Files.isReadable(image)) {
            throw BerthException.invalid("VM disk " + image + " is not a readable file");
        }
        HostCommand.Result info = HostCommand.run(List.of(QEMU_IMG, "info", "--output=json", image.toString()), MKFS_TIMEOUT);
        if (!info.ok()) {
            throw BerthException.invalid("VM disk %s is not a disk image qemu-img can read: %s".formatted(image, info.stderr().strip()));
        }
        JsonNode json = Json.tree(info.stdout().getBytes(StandardCharsets.UTF_8), "qemu-img info of " + image);
        String format = json.path("format").asText();
        if (!List.of("raw", "qcow2").contains(format) || json.has("backing-filename")) {
            throw BerthException.invalid("VM disk %s must be a raw or qcow2 image without a backing file".formatted(image));
        }
        HostCommand.run(List.of(QEMU_IMG, "convert", "-f", format, "-O", "raw", image.toString(), disk.toString()), MKFS_TIMEOUT).check();
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
