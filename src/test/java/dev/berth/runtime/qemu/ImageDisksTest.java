package dev.berth.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-image root disk cache, with the real mkfs.ext4. */
class ImageDisksTest {
    private static final Digest IMAGE = Digest.sha256("image".getBytes());
    private static final Digest OTHER = Digest.sha256("other".getBytes());

    @TempDir
    Path dir;

    @Test
    void buildsAnImagesDiskOnceReadOnlyAndLeavesNoTempFile() throws IOException {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("hostname"), "x\n");
        ImageDisks disks = ImageDisks.open(dir.resolve("images"));
        Path disk = disks.disk(IMAGE, dir.resolve("rootfs"));
        assertThat(disk).isEqualTo(dir.resolve("images").resolve(IMAGE.hex() + ".ext4"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(disk))).isEqualTo("r--r--r--");
        FileTime built = Files.getLastModifiedTime(disk);

        Files.writeString(rootfs.resolve("hostname"), "changed\n");
        assertThat(disks.disk(IMAGE, dir.resolve("rootfs"))).isEqualTo(disk);
        assertThat(Files.getLastModifiedTime(disk)).as("not built again").isEqualTo(built);
        try (Stream<Path> files = Files.list(dir.resolve("images"))) {
            assertThat(files).containsExactly(disk);
        }
    }

    @Test
    void aFailedBuildLeavesNothingAndALeftoverTempFileGoesAtOpen() throws IOException {
        ImageDisks disks = ImageDisks.open(dir.resolve("images"));
        assertThatThrownBy(() -> disks.disk(IMAGE, dir.resolve("missing"))).hasMessageContaining("is not a directory");
        assertThat(disks.disks()).isEmpty();
        Path leftover = Files.writeString(dir.resolve("images/.build-" + IMAGE.hex() + ".ext4"), "half a disk");
        ImageDisks.open(dir.resolve("images"));
        assertThat(leftover).doesNotExist();
    }

    @Test
    void retainDeletesTheDisksOfDeletedImagesUnlessAVmStillReadsThem() throws IOException {
        Files.createDirectories(dir.resolve("rootfs"));
        ImageDisks disks = ImageDisks.open(dir.resolve("images"));
        Path kept = disks.disk(IMAGE, dir.resolve("rootfs"));
        Path used = disks.disk(OTHER, dir.resolve("rootfs"));

        disks.retain(Set.of(IMAGE), Set.of(used));
        assertThat(disks.disks()).containsExactlyInAnyOrder(kept, used);
        disks.retain(Set.of(IMAGE), Set.of());
        assertThat(disks.disks()).containsExactly(kept);
        disks.retain(Set.of(), Set.of());
        assertThat(disks.disks()).isEmpty();
    }
}
