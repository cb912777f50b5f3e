package dev.berth.image.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.Json;
import dev.berth.image.Image;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageRef;
import dev.berth.image.ImageService.ArchiveFormat;
import dev.berth.image.TestStores;
import dev.berth.image.TestTars;
import dev.berth.image.oci.OciImageStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArchiveRoundTripTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final TestStores stores = new TestStores();

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void savedImagesLoadBackWithTheSameIdLayersAndTag(ArchiveFormat format) {
        OciImageStore source = stores.open(dir.resolve("source"));
        Image image = source.importRootfs(new ByteArrayInputStream(new TestTars().file("hello.txt", "hi").build()),
                ImageRef.parse("localhost:5000/team/app:v1"), ImageConfig.empty().withCmd(List.of("cat", "/hello.txt")));
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        source.save(List.of("localhost:5000/team/app:v1"), format, archive);

        List<Image> loaded = stores.open(dir.resolve("target")).load(new ByteArrayInputStream(archive.toByteArray()));

        assertThat(loaded).singleElement().satisfies(l -> {
            assertThat(l.id()).isEqualTo(image.id());
            assertThat(l.diffIds()).isEqualTo(image.diffIds());
            assertThat(l.repoTags()).containsExactly("localhost:5000/team/app:v1");
            assertThat(l.config().cmd()).containsExactly("cat", "/hello.txt");
        });
        source.tag("localhost:5000/team/app:v1", ImageRef.parse("other:1"));
        assertThat(source.load(new ByteArrayInputStream(archive.toByteArray()))).as("named as docker load names it: by the archive")
                .singleElement().extracting(Image::repoTags).isEqualTo(List.of("localhost:5000/team/app:v1"));
        assertThat(source.resolve("other:1").repoTags()).containsExactly("other:1", "localhost:5000/team/app:v1");
    }

    @Test
    void dockerArchiveHasDockerSaveManifestAndOciLayout() throws IOException {
        OciImageStore store = stores.open(dir.resolve("s"));
        Image image = store.importRootfs(new ByteArrayInputStream(new TestTars().file("a", "b").build()),
                ImageRef.parse("busybox"), ImageConfig.empty());
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        store.save(List.of("busybox"), ArchiveFormat.DOCKER, archive);
        List<String> names = new ArrayList<>();
        byte[] manifest = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive.toByteArray()))) {
            while (tar.getNextEntry() instanceof TarArchiveEntry e) {
                names.add(e.getName());
                if (e.getName().equals("manifest.json")) {
                    manifest = tar.readAllBytes();
                }
            }
        }
        assertThat(names).contains("oci-layout", "index.json", "manifest.json", "blobs/sha256/" + image.id().hex());
        var entry = Json.tree(manifest, "manifest.json").get(0);
        assertThat(entry.get("Config").asText()).isEqualTo("blobs/sha256/" + image.id().hex());
        assertThat(entry.get("RepoTags").get(0).asText()).isEqualTo("busybox:latest");
        assertThat(entry.get("Layers").get(0).asText()).isEqualTo("blobs/sha256/" + image.diffIds().getFirst().hex());
    }

    @Test
    void loadsALegacyDockerSaveArchiveWithSymlinkedLayer() {
        byte[] layer = new TestTars().file("x", "y").build();
        String diffId = dev.berth.common.Digest.sha256(layer).toString();
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}").getBytes();
        String configName = dev.berth.common.Digest.sha256(config).hex() + ".json";
        byte[] archive = new TestTars()
                .file("aaa/layer.tar", layer)
                .symlink("bbb/layer.tar", "../aaa/layer.tar")
                .file(configName, config)
                .file("manifest.json", "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"old:1\"],"
                        + "\"Layers\":[\"bbb/layer.tar\"]}]")
                .build();
        List<Image> loaded = stores.open(dir.resolve("s")).load(new ByteArrayInputStream(archive));
        assertThat(loaded).singleElement().satisfies(i -> assertThat(i.repoTags()).containsExactly("old:1"));
    }
}
