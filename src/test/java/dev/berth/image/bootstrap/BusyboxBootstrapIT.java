package dev.berth.image.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.berth.common.BerthException;
import dev.berth.common.Database;
import dev.berth.common.Digest;
import dev.berth.image.Image;
import dev.berth.image.RootFs;
import dev.berth.common.HostCommand;
import dev.berth.image.oci.OciImageStore;
import dev.berth.image.overlay.OverlaySnapshotter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds busybox:latest from the host's busybox-static and runs its shell in a chroot; needs root. */
@Tag("root")
class BusyboxBootstrapIT {
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    @TempDir
    Path dir;
    private Database db;
    private OciImageStore store;
    private OverlaySnapshotter snapshotter;

    @BeforeEach
    void open() {
        assumeThat(BUSYBOX).as("needs the busybox-static package").isExecutable();
        db = Database.open(dir.resolve("berth.db"));
        store = OciImageStore.open(dir.resolve("images"), db);
        snapshotter = new OverlaySnapshotter(dir.resolve("overlay"), store);
    }

    @AfterEach
    void close() {
        if (snapshotter != null) {
            snapshotter.remove("bb");
            db.close();
        }
    }

    @Test
    void theSameBinaryGivesTheSameLayer() {
        BusyboxBootstrap bootstrap = new BusyboxBootstrap(store);
        assertThat(Digest.sha256(bootstrap.rootfsTar())).isEqualTo(Digest.sha256(bootstrap.rootfsTar()));
        assertThat(bootstrap.bootstrap().diffIds()).isEqualTo(bootstrap.bootstrap().diffIds());
    }

    @Test
    void givesARunnableRootFileSystem() throws Exception {
        Image image = new BusyboxBootstrap(store).bootstrap();
        assertThat(image.repoTags()).containsExactly("busybox:latest");
        assertThat(image.config().cmd()).containsExactly("sh");
        assertThat(image.config().env()).containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

        RootFs rootfs = snapshotter.prepare("bb", image);
        Path merged = rootfs.path();
        assertThat(merged.resolve("etc/passwd")).content().contains("root:x:0:0:", "berth:x:1000:1000:", ":65534:");
        assertThat(merged.resolve("etc/group")).exists();
        assertThat(Files.readSymbolicLink(merged.resolve("bin/sh"))).isEqualTo(Path.of("/bin/busybox"));
        assertThat((int) Files.getAttribute(merged.resolve("tmp"), "unix:mode") & 07777).isEqualTo(01777);
        assertThat(merged.resolve("etc/resolv.conf")).isEmptyFile();
        for (String d : List.of("proc", "sys", "dev", "root", "home")) {
            assertThat(merged.resolve(d)).isDirectory();
        }
        assertThat(HostCommand.output(dir, List.of("chroot", merged.toString(), "/bin/sh", "-c", "echo ok")))
                .isEqualTo("ok\n");
    }

    @Test
    void aMissingBinarySaysWhatToInstall() {
        assertThatThrownBy(() -> new BusyboxBootstrap(store, dir.resolve("no-busybox")).bootstrap())
                .isInstanceOf(BerthException.class).hasMessageContaining("install busybox-static");
    }
}
