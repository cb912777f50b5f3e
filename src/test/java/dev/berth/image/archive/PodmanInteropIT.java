package dev.berth.image.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.berth.common.FileTrees;
import dev.berth.image.Image;
import dev.berth.image.ImageService.ArchiveFormat;
import dev.berth.image.TestStores;
import dev.berth.common.HostCommand;
import dev.berth.image.oci.OciImageStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Berth saves, podman loads; what podman saves, Berth loads with the same image id. podman runs with its
 * own root in the test's temp dir and the vfs driver, so it mounts nothing and leaves nothing behind.
 * Needs podman (apt-get install podman).
 */
@Tag("interop")
class PodmanInteropIT {
    private static final Path PODMAN = Path.of("/usr/bin/podman");
    @TempDir
    Path dir;
    @RegisterExtension
    final TestStores stores = new TestStores();
    private OciImageStore store;
    private Image image;

    /** podman creates this even with its own run root; a test that made it removes it again. */
    private static final Path PODMAN_RUN_LEFTOVER = Path.of("/run/containers");
    private boolean leftoverExisted;

    @AfterEach
    void removePodmansRunDir() throws Exception {
        if (!leftoverExisted) {
            FileTrees.deleteRecursively(PODMAN_RUN_LEFTOVER);
        }
    }

    @BeforeEach
    void importImage() {
        leftoverExisted = Files.exists(PODMAN_RUN_LEFTOVER);
        assumeThat(PODMAN).as("podman is not installed; apt-get install -y podman").isExecutable();
        store = stores.open(dir.resolve("source"));
        image = DemoImage.importInto(store);
    }

    @Test
    void podmanLoadsOurDockerArchiveAndWeLoadItsArchivesBack() throws Exception {
        Path ours = dir.resolve("ours.tar");
        try (OutputStream out = Files.newOutputStream(ours)) {
            store.save(List.of("demo/app:1.0"), ArchiveFormat.DOCKER, out);
        }
        podman("load", "-i", ours.toString());
        assertThat(podman("images", "--format", "{{.ID}} {{.Repository}}:{{.Tag}}"))
                .contains(image.id().hex().substring(0, 12)).contains("demo/app:1.0");

        for (String format : List.of("docker-archive", "oci-archive")) {
            Path theirs = dir.resolve("theirs-" + format + ".tar");
            podman("save", "--format", format, "-o", theirs.toString(), "demo/app:1.0");
            try (InputStream in = Files.newInputStream(theirs)) {
                assertThat(stores.open(dir.resolve("target-" + format)).load(in)).as(format).singleElement()
                        .satisfies(l -> assertThat(l.diffIds()).isEqualTo(image.diffIds()));
            }
        }
    }

    private String podman(String... args) throws Exception {
        Path conf = dir.resolve("containers.conf");
        if (!Files.exists(conf)) {
            Files.writeString(conf, "[containers]\ndefault_ulimits = []\n[engine]\nruntime = \"runc\"\n"
                    + "cgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\n");
        }
        List<String> command = new ArrayList<>(List.of("env", "CONTAINERS_CONF=" + conf, "DOCKER_CONFIG=" + dir,
                PODMAN.toString(), "--root", dir.resolve("p-root").toString(), "--runroot", dir.resolve("p-run").toString(),
                "--tmpdir", dir.resolve("p-tmp").toString(), "--storage-driver", "vfs",
                // its own network config dir: podman otherwise drops lock files under /etc
                "--network-config-dir", dir.resolve("p-net").toString()));
        command.addAll(List.of(args));
        return HostCommand.output(dir, command);
    }
}
