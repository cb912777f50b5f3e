package dev.berth.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelModulesTest {
    @TempDir
    Path dir;

    @Test
    void ordersDependenciesFirstFromEachModulesModinfo() throws IOException {
        module("fs/ext4/ext4.ko", "jbd2,mbcache,crc16");
        module("fs/jbd2/jbd2.ko", "");
        module("fs/mbcache.ko", "");
        module("drivers/virtio/virtio_mmio.ko", "virtio,virtio_ring");
        module("drivers/virtio/virtio.ko", "virtio_ring");
        module("drivers/virtio/virtio_ring.ko", "");
        Files.writeString(dir.resolve("modules.builtin"), "kernel/lib/crc16.ko\n");
        assertThat(KernelModules.open(dir).resolve(java.util.List.of("virtio_mmio", "ext4")))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("virtio_ring.ko", "virtio.ko", "virtio_mmio.ko", "jbd2.ko", "mbcache.ko", "ext4.ko");
    }

    @Test
    void aModuleNeitherPresentNorBuiltInIsAnError() throws IOException {
        module("fs/ext4/ext4.ko", "jbd2");
        assertThatThrownBy(() -> KernelModules.open(dir).resolve(java.util.List.of("ext4")))
                .hasMessageContaining("kernel module jbd2 is neither in " + dir);
    }

    @Test
    void dashesAndUnderscoresNameTheSameModule() {
        assertThat(KernelModules.moduleName("crc32c-intel.ko")).isEqualTo("crc32c_intel");
    }

    @Test
    void dropsAnAppendedSignatureAndLeavesUnsignedModulesAlone() {
        byte[] body = "\u007fELF module body".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = new byte[681];
        java.nio.ByteBuffer signed = java.nio.ByteBuffer.allocate(body.length + signature.length + 12 + 28);
        signed.put(body).put(signature).put(new byte[] {0, 0, 2, 0, 0, 0, 0, 0}).putInt(signature.length)
                .put("~Module signature appended~\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(KernelModules.withoutSignature(signed.array())).isEqualTo(body);
        assertThat(KernelModules.withoutSignature(body)).isEqualTo(body);
    }

    private void module(String path, String depends) throws IOException {
        Path file = dir.resolve("kernel").resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, ("\u007fELF...\0license=GPL\0depends=" + depends + "\0retpoline=Y\0").getBytes(StandardCharsets.US_ASCII));
    }
}
