package dev.berth.image.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What Berth saves, skopeo reads, and what skopeo writes, Berth loads. Needs skopeo (apt-get install skopeo). */
@Tag("interop")
class SkopeoInteropIT {
    private static final Path SKOPEO = Path.of("/usr/bin/skopeo");
    @TempDir
    Path dir;
    @RegisterExtension
    final TestStores stores = new TestStores();
    private OciImageStore store;
    private Image image;

    @BeforeEach
    void importImage() {
        assumeThat(SKOPEO).as("skopeo is not installed; apt-get install -y skopeo").isExecutable();
        store = stores.open(dir.resolve("source"));
        image = DemoImage.importInto(store);
    }

    private Path save(ArchiveFormat format, String file) throws Exception {
        Path archive = dir.resolve(file);
        try (OutputStream out = Files.newOutputStream(archive)) {
            store.save(List.of("demo/app:1.0"), format, out);
        }
        return archive;
    }

    private static void skopeo(Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of(SKOPEO.toString(), "--insecure-policy"));
        command.addAll(List.of(args));
        HostCommand.output(workDir, command);
    }

    @Test
    void skopeoCopiesOurOciArchive() throws Exception {
        Path archive = save(ArchiveFormat.OCI, "app.oci.tar");
        skopeo(dir, "copy", "oci-archive:" + archive, "dir:" + dir.resolve("copied"));
        assertThat(dir.resolve("copied/manifest.json")).exists();
        assertThat(dir.resolve("copied").resolve(image.id().hex())).exists();
    }

    @Test
    void skopeoReadsOurDockerArchiveAndWeLoadItsOciArchive() throws Exception {
        Path docker = save(ArchiveFormat.DOCKER, "app.docker.tar");
        Path oci = dir.resolve("from-skopeo.oci.tar");
        // gzip-compressed layers, as registries serve them, must load back to the same diff ids
        skopeo(dir, "copy", "--dest-compress-format", "gzip", "--dest-compress", "docker-archive:" + docker,
                "oci-archive:" + oci + ":demo/app:1.0");

        List<Image> loaded;
        try (InputStream in = Files.newInputStream(oci)) {
            loaded = stores.open(dir.resolve("target")).load(in);
        }
        assertThat(loaded).singleElement().satisfies(l -> {
            assertThat(l.id()).isEqualTo(image.id());
            assertThat(l.diffIds()).isEqualTo(image.diffIds());
            assertThat(l.repoTags()).containsExactly("demo/app:1.0");
        });
    }

    @Test
    void weLoadADockerArchiveSkopeoWrites() throws Exception {
        Path oci = save(ArchiveFormat.OCI, "app.oci.tar");
        Path docker = dir.resolve("from-skopeo.docker.tar");
        skopeo(dir, "copy", "oci-archive:" + oci, "docker-archive:" + docker + ":demo/app:1.0");
        try (InputStream in = Files.newInputStream(docker)) {
            assertThat(stores.open(dir.resolve("target")).load(in)).singleElement()
                    .satisfies(l -> assertThat(l.repoTags()).containsExactly("demo/app:1.0"));
        }
    }
}
