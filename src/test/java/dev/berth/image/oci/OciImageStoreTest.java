package dev.berth.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import dev.berth.common.Database;
import dev.berth.common.Digest;
import dev.berth.common.ErrorKind;
import dev.berth.image.Image;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageRef;
import dev.berth.image.ImageService.RemovalLine;
import dev.berth.image.RepoDigest;
import dev.berth.image.TestStores;
import dev.berth.image.TestTars;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class OciImageStoreTest {
    private static final Digest MANIFEST = Digest.sha256("a manifest".getBytes());
    @TempDir
    Path dir;
    @RegisterExtension
    final TestStores stores = new TestStores();
    private Database db;
    private OciImageStore store;

    @BeforeEach
    void open() {
        db = stores.database(dir.resolve("berth.db"));
        store = OciImageStore.open(dir.resolve("images"), db);
    }

    private Image importTar(String ref, String content) {
        byte[] tar = new TestTars().dir("etc").file("etc/motd", content).buildGzip();
        return store.importRootfs(new ByteArrayInputStream(tar), ImageRef.parse(ref),
                ImageConfig.empty().withCmd(List.of("sh")));
    }

    @Test
    void importedImageIsListedAndFoundByEveryName() {
        Image image = importTar("app:1", "hello");
        assertThat(image.repoTags()).containsExactly("app:1");
        assertThat(image.diffIds()).hasSize(1);
        assertThat(image.config().cmd()).containsExactly("sh");
        assertThat(image.os()).isEqualTo("linux");
        assertThat(store.list()).containsExactly(image);
        String hex = image.id().hex();
        assertThat(store.find("app:1")).contains(image);
        assertThat(store.find("docker.io/library/app:1")).contains(image);
        assertThat(store.find(image.id().toString())).contains(image);
        assertThat(store.find(hex)).contains(image);
        assertThat(store.find(hex.substring(0, 1))).contains(image);
        assertThat(store.find("app")).isEmpty();
        assertThat(new String(store.configBlob(image))).contains(image.diffIds().getFirst().toString());
    }

    @Test
    void resolveSaysNoSuchImageAsDockerDoes() {
        assertThatThrownBy(() -> store.resolve("nope:1")).isInstanceOf(BerthException.class)
                .hasMessage("No such image: nope:1")
                .extracting(e -> ((BerthException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThatThrownBy(() -> store.resolve("nope")).hasMessage("No such image: nope:latest");
    }

    @Test
    void listIsNewestFirstAndAmbiguousPrefixesFindNothing() {
        Image first = importTar("a:1", "one");
        Image second = importTar("b:1", "two");
        assertThat(store.list()).containsExactly(second, first);
        String common = commonPrefix(first.id().hex(), second.id().hex());
        if (!common.isEmpty()) {
            assertThat(store.find(common)).isEmpty();
        }
    }

    @Test
    void tagMovesAndRmiUntagsBeforeDeleting() {
        Image image = importTar("app:1", "hello");
        store.tag("app:1", ImageRef.parse("app:2"));
        assertThat(store.resolve("app:2").repoTags()).containsExactly("app:1", "app:2");
        store.tag("app:1", ImageRef.parse("cc/app:1"));
        assertThat(store.resolve("app:2").repoTags()).as("by full name: docker.io/cc/app before docker.io/library/app")
                .containsExactly("cc/app:1", "app:1", "app:2");
        store.remove("cc/app:1", false, Map.of());

        assertThat(store.remove("app:1", false, Map.of())).containsExactly(untagged("app:1"));
        assertThat(store.resolve(image.id().toString()).repoTags()).containsExactly("app:2");

        assertThat(store.remove("app:2", false, Map.of()))
                .containsExactly(untagged("app:2"), new RemovalLine(Optional.empty(), Optional.of(image.id().toString())));
        assertThat(store.list()).isEmpty();
        assertThat(OciLayoutStore.open(dir.resolve("images")).digests()).as("blobs are collected").isEmpty();
    }

    @Test
    void rmiOfAnImageInUseIsAConflictNamingTheContainer() {
        Image image = importTar("app:1", "hello");
        String container = "c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc";
        assertThatThrownBy(() -> store.remove("app:1", false, Map.of(image.id().toString(), container)))
                .isInstanceOf(BerthException.class)
                .hasMessage("conflict: unable to remove repository reference \"app:1\" (must force) - container "
                        + "c0ffee001122 is using its referenced image " + image.id().shortHex())
                .extracting(e -> ((BerthException) e).kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(store.remove("app:1", true, Map.of(image.id().hex(), ""))).containsExactly(untagged("app:1"));
        assertThat(store.find(image.id().toString())).as("kept for the container").isPresent();
    }

    @Test
    void rmiByIdOfAMultiplyTaggedImageMustBeForced() {
        Image image = importTar("app:1", "hello");
        store.tag("app:1", ImageRef.parse("other:1"));
        assertThatThrownBy(() -> store.remove(image.id().shortHex(), false, Map.of()))
                .hasMessageContaining("must be forced");
        assertThat(store.remove(image.id().shortHex(), true, Map.of())).hasSize(3);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void pruneDeletesDanglingImagesAndTheirBlobs() {
        Image dangling = importTar("app:1", "old");
        Image current = importTar("app:1", "new"); // moves the tag, leaving the first image dangling
        assertThat(store.resolve(dangling.id().toString()).repoTags()).isEmpty();
        var report = store.prune(false, Set.of());
        assertThat(report.deletedImages()).containsExactly(dangling.id().toString());
        assertThat(report.reclaimedBytes()).isPositive();
        assertThat(store.list()).containsExactly(store.resolve(current.id().toString()));
        assertThat(store.prune(true, Set.of(current.id().toString())).deletedImages()).isEmpty();
        assertThat(store.prune(true, Set.of()).deletedImages()).containsExactly(current.id().toString());
    }

    @Test
    void recordsSurviveReopening() {
        Image image = importTar("app:1", "hello");
        store.recordDigest(image.id(), new RepoDigest("localhost:5000/app", MANIFEST));
        OciImageStore reopened = OciImageStore.open(dir.resolve("images"), db);
        assertThat(reopened.resolve("app:1")).isEqualTo(store.resolve("app:1"));
        assertThat(reopened.resolve("app:1").repoDigests()).containsExactly("localhost:5000/app@" + MANIFEST);
    }

    @Test
    void aRecordedDigestNamesTheImageLikeATag() {
        Image image = importTar("localhost:5000/app:1", "hello");
        store.recordDigest(image.id(), new RepoDigest("localhost:5000/app", MANIFEST));
        store.recordDigest(image.id(), new RepoDigest("localhost:5000/app", MANIFEST)); // pulled again: recorded once
        String ref = "localhost:5000/app@" + MANIFEST;
        assertThat(store.resolve("localhost:5000/app:1").repoDigests()).containsExactly(ref);
        assertThat(store.find(ref).map(Image::id)).contains(image.id());
        assertThat(store.find("localhost:5000/app:1@" + MANIFEST).map(Image::id)).as("a tag beside the digest is dropped")
                .contains(image.id());
        assertThat(store.find("localhost:5000/other@" + MANIFEST)).isEmpty();
        assertThat(store.find("localhost:5000/app@sha256:nothex")).isEmpty();
        assertThatThrownBy(() -> store.recordDigest(new Digest("sha256", "0".repeat(64)), new RepoDigest("app", MANIFEST)))
                .hasMessageContaining("No such image");
    }

    @Test
    void rmiOfADigestReferenceUntagsItAndTheLastReferenceDeletes() {
        Image image = importTar("localhost:5000/app:1", "hello");
        store.tag("localhost:5000/app:1", ImageRef.parse("other:1"));
        store.recordDigest(image.id(), new RepoDigest("localhost:5000/app", MANIFEST));
        String ref = "localhost:5000/app@" + MANIFEST;
        assertThat(store.remove(ref, false, Map.of())).containsExactly(untagged(ref));
        assertThat(store.resolve(image.id().toString()).repoDigests()).isEmpty();
        assertThat(store.resolve(image.id().toString()).repoTags()).containsExactly("other:1", "localhost:5000/app:1");

        store.recordDigest(image.id(), new RepoDigest("localhost:5000/app", MANIFEST));
        assertThat(store.remove("localhost:5000/app:1", false, Map.of())).as("its repository's last tag takes the digest along")
                .containsExactly(untagged("localhost:5000/app:1"), untagged(ref));
        store.recordDigest(image.id(), new RepoDigest("other", MANIFEST));
        assertThat(store.remove("other@" + MANIFEST, false, Map.of())).containsExactly(untagged("other@" + MANIFEST));
        assertThat(store.remove("other:1", false, Map.of()))
                .containsExactly(untagged("other:1"), new RemovalLine(Optional.empty(), Optional.of(image.id().toString())));
        assertThat(store.list()).isEmpty();
    }

    @Test
    void anImageNamedByDigestsOnlyIsNotDangling() {
        Image image = importTar("localhost:5000/app:1", "hello");
        store.recordDigest(image.id(), new RepoDigest("localhost:5000/app", MANIFEST));
        store.recordDigest(image.id(), new RepoDigest("localhost:5000/mirror", MANIFEST));
        store.remove("localhost:5000/app:1", true, Map.of(image.id().toString(), "c0ffee"));
        Image left = store.resolve(image.id().toString());
        assertThat(left.repoDigests()).containsExactly("localhost:5000/mirror@" + MANIFEST);
        assertThat(store.prune(false, Set.of()).deletedImages()).isEmpty();
        assertThat(store.list()).containsExactly(left);
        assertThatThrownBy(() -> store.remove(image.id().shortHex(), false, Map.of(image.id().toString(), "c0ffee")))
                .hasMessageContaining("image is being used by container");
        assertThat(store.remove(image.id().shortHex(), false, Map.of())).as("one repository: no force needed")
                .containsExactly(untagged("localhost:5000/mirror@" + MANIFEST),
                        new RemovalLine(Optional.empty(), Optional.of(image.id().toString())));
    }

    private static RemovalLine untagged(String tag) {
        return new RemovalLine(Optional.of(tag), Optional.empty());
    }

    private static String commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return a.substring(0, i);
    }
}
