package dev.berth.runtime.qemu;

import dev.berth.common.AtomicFiles;
import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.FileTrees;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Root disks shared by every VM of one image: built once from a root file system that holds exactly the image, kept
 * as {@code <image hex>.ext4} and never written again (each VM writes to its own qcow2 overlay on it). A disk is
 * built into a temp file beside its final name, synced and renamed into place, so a crash leaves either the whole
 * disk or none; leftover temp files are removed when the cache is opened, as no build runs then.
 */
final class ImageDisks {
    private static final String SUFFIX = ".ext4";
    private static final String TEMP_PREFIX = ".build-";

    private final Path dir;
    /** One lock per image, so that VMs of one image starting together build its disk once. */
    private final Map<String, Object> builds = new ConcurrentHashMap<>();

    private ImageDisks(Path dir) {
        this.dir = dir;
    }

    static ImageDisks open(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().startsWith(TEMP_PREFIX)).forEach(FileTrees::deleteRecursively);
            }
        } catch (IOException e) {
            throw BerthException.internal("cannot open the VM root disk cache " + dir + ": " + e.getMessage(), e);
        }
        return new ImageDisks(dir);
    }

    /** The shared disk of {@code image}, built from {@code rootfs} (which must hold exactly the image) if there is none yet. */
    Path disk(Digest image, Path rootfs) {
        Path disk = path(image);
        synchronized (builds.computeIfAbsent(image.hex(), k -> new Object())) {
            if (!Files.exists(disk)) {
                build(rootfs, disk);
            }
        }
        return disk;
    }

    /**
     * Deletes the disks of images not in {@code images} (deleted since) unless {@code inUse} names them: a VM's
     * overlay or a snapshot still reads from them.
     */
    void retain(Set<Digest> images, Set<Path> inUse) {
        for (Path disk : disks()) {
            String hex = disk.getFileName().toString().replace(SUFFIX, "");
            if (images.stream().noneMatch(i -> i.hex().equals(hex)) && !inUse.contains(disk)) {
                synchronized (builds.computeIfAbsent(hex, k -> new Object())) {
                    FileTrees.deleteRecursively(disk);
                }
            }
        }
    }

    /** Every cached disk. */
    List<Path> disks() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw BerthException.internal("cannot list the VM root disk cache " + dir + ": " + e.getMessage(), e);
        }
    }

    Path path(Digest image) {
        return dir.resolve(image.hex() + SUFFIX);
    }

    private void build(Path rootfs, Path disk) {
        Path temp = dir.resolve(TEMP_PREFIX + disk.getFileName());
        try {
            RootDisk.build(rootfs, temp, QemuRuntime.DISK_HEADROOM);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            // Read-only from here: VMs open it as the backing file of their overlays and never write it.
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--r--r--"));
            AtomicFiles.moveIntoPlace(temp, disk);
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteRecursively(temp);
            throw e instanceof BerthException be ? be
                    : BerthException.internal("cannot build the VM root disk " + disk + ": " + e.getMessage(), e);
        }
    }
}
