package dev.berth.image.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.ErrorKind;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageRef;
import dev.berth.image.TestStores;
import dev.berth.image.TestTars;
import dev.berth.image.oci.OciImageStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Archives and layers that try to escape their root are rejected, naming the entry, and nothing is stored. */
class HostileArchiveTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final TestStores stores = new TestStores();
    private OciImageStore store;

    @BeforeEach
    void open() {
        store = stores.open(dir.resolve("images"));
    }

    static Stream<Arguments> hostileTars() {
        return Stream.of(
                Arguments.of("dot-dot", new TestTars().file("../../etc/evil", "x").build(), "../../etc/evil"),
                Arguments.of("absolute", new TestTars().file("/etc/evil", "x").build(), "/etc/evil"),
                Arguments.of("symlink then write through it",
                        new TestTars().symlink("escape", "/etc").file("escape/evil", "x").build(), "escape"),
                Arguments.of("hard link outside",
                        new TestTars().hardlink("shadow", "../../etc/shadow").build(), "shadow"),
                Arguments.of("hard link to a file not in the tar",
                        new TestTars().hardlink("shadow", "etc/shadow").build(), "shadow"));
    }

    @ParameterizedTest(name = "import rejects {0}")
    @MethodSource("hostileTars")
    void importRejectsAndStoresNothing(String name, byte[] tar, String entry) {
        assertThatThrownBy(() -> store.importRootfs(new ByteArrayInputStream(tar), ImageRef.parse("evil"),
                ImageConfig.empty()))
                .isInstanceOf(BerthException.class).hasMessageContaining("'" + entry)
                .extracting(e -> ((BerthException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertNothingStored();
    }

    @ParameterizedTest(name = "load rejects a layer with {0}")
    @MethodSource("hostileTars")
    void loadRejectsHostileLayersAndStoresNothing(String name, byte[] layer, String entry) {
        byte[] good = new TestTars().file("ok", "fine").build();
        byte[] archive = dockerArchive(good, layer);
        assertThatThrownBy(() -> store.load(new ByteArrayInputStream(archive)))
                .isInstanceOf(BerthException.class).hasMessageContaining("'" + entry);
        assertNothingStored();
    }

    @ParameterizedTest(name = "load rejects an archive with {0}")
    @MethodSource("hostileTars")
    void loadRejectsHostileArchiveEntries(String name, byte[] archive, String entry) {
        assertThatThrownBy(() -> store.load(new ByteArrayInputStream(archive)))
                .isInstanceOf(BerthException.class).hasMessageContaining("'" + entry);
        assertNothingStored();
        assertThat(dir.resolve("../etc/evil")).doesNotExist();
    }

    @Test
    void loadRejectsALayerWhoseDigestDoesNotMatchTheConfig() {
        byte[] layer = new TestTars().file("ok", "fine").build();
        byte[] archive = new TestTars()
                .file("layer.tar", layer)
                .file("config.json", config(Digest.sha256(new byte[] {1})))
                .file("manifest.json", "[{\"Config\":\"config.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"layer.tar\"]}]")
                .build();
        assertThatThrownBy(() -> store.load(new ByteArrayInputStream(archive)))
                .isInstanceOf(BerthException.class).hasMessageContaining("layer.tar")
                .hasMessageContaining("was expected");
        assertNothingStored();
    }

    @Test
    void loadRejectsABlobThatDoesNotMatchItsName() {
        byte[] archive = new TestTars()
                .file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
                .file("blobs/sha256/" + "a".repeat(64), "not what the name says")
                .file("index.json", "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                        + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + "a".repeat(64)
                        + "\",\"size\":22}]}")
                .build();
        assertThatThrownBy(() -> store.load(new ByteArrayInputStream(archive)))
                .isInstanceOf(BerthException.class).hasMessageContaining("sha256:" + "a".repeat(64));
        assertNothingStored();
    }

    @Test
    void aGarbageArchiveIsInvalid() {
        assertThatThrownBy(() -> store.load(new ByteArrayInputStream("hello world".getBytes())))
                .isInstanceOf(BerthException.class)
                .extracting(e -> ((BerthException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    /** A docker-archive whose second layer is {@code hostile}; the first is stored before the second fails. */
    private static byte[] dockerArchive(byte[] good, byte[] hostile) {
        return new TestTars()
                .file("good.tar", good)
                .file("hostile.tar", hostile)
                .file("config.json", config(Digest.sha256(good), Digest.sha256(hostile)))
                .file("manifest.json", "[{\"Config\":\"config.json\",\"RepoTags\":[\"x:1\"],"
                        + "\"Layers\":[\"good.tar\",\"hostile.tar\"]}]")
                .build();
    }

    private static byte[] config(Digest... diffIds) {
        String ids = String.join(",", Stream.of(diffIds).map(d -> "\"" + d + "\"").toList());
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + ids
                + "]}}").getBytes();
    }

    private void assertNothingStored() {
        assertThat(store.list()).isEmpty();
        assertThat(dir.resolve("images/blobs/sha256")).isEmptyDirectory();
        assertThat(dir.resolve("images/ingest")).isEmptyDirectory();
        assertThat(Files.exists(dir.resolve("etc"))).isFalse();
    }
}
