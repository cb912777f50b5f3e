package dev.berth.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.Database;
import dev.berth.image.HistoryEntry;
import dev.berth.image.Image;
import dev.berth.image.ImageCommit;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageRef;
import dev.berth.image.TestStores;
import dev.berth.image.TestTars;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Build steps as the image store records them: parent layers plus one, history appended, intermediates hidden. */
class ImageCommitTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final TestStores stores = new TestStores();
    private OciImageStore store;
    private Image base;

    @BeforeEach
    void open() {
        Database db = stores.database(dir.resolve("berth.db"));
        store = OciImageStore.open(dir.resolve("images"), db);
        base = store.importRootfs(new ByteArrayInputStream(new TestTars().file("etc/motd", "base").build()),
                ImageRef.parse("base:1"), ImageConfig.empty());
    }

    private Image commit(Image parent, Optional<Path> layer, String createdBy) {
        return store.commit(new ImageCommit(Optional.of(parent), layer, ImageConfig.empty().withCmd(List.of(createdBy)),
                new HistoryEntry(Instant.parse("2026-01-02T03:04:05Z"), createdBy, "", layer.isEmpty())));
    }

    @Test
    void aStepAddsOneLayerAndOneHistoryEntry() throws Exception {
        Path layer = Files.write(dir.resolve("layer.tar"), new TestTars().file("app/run.sh", "echo").build());
        Image withLayer = commit(base, Optional.of(layer), "RUN make");
        Image configOnly = commit(withLayer, Optional.empty(), "CMD run");

        assertThat(withLayer.diffIds()).hasSize(2).startsWith(base.diffIds().getFirst());
        assertThat(configOnly.diffIds()).isEqualTo(withLayer.diffIds());
        assertThat(configOnly.config().cmd()).containsExactly("CMD run");
        assertThat(store.history(configOnly)).extracting(HistoryEntry::createdBy, HistoryEntry::emptyLayer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("berth import", false),
                        org.assertj.core.groups.Tuple.tuple("RUN make", false),
                        org.assertj.core.groups.Tuple.tuple("CMD run", true));
        assertThat(store.history(configOnly).getLast().created()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void intermediateImagesAreHiddenAndGoWithTheImageBuiltOnThem() {
        Image step = commit(base, Optional.empty(), "ENV A=1");
        Image last = commit(step, Optional.empty(), "CMD x");
        store.tag(last.id().toString(), ImageRef.parse("app:1"));

        assertThat(store.list()).extracting(Image::id).containsExactlyInAnyOrder(base.id(), last.id());
        assertThat(store.find(step.id().toString())).isPresent();

        assertThat(store.remove("app:1", false, Map.of())).extracting(l -> l.untagged().orElse(l.deleted().orElse("")))
                .containsExactly("app:1", last.id().toString(), step.id().toString());
        assertThat(store.find(step.id().toString())).isEmpty();
        assertThat(store.find("base:1")).as("a tagged parent stays").isPresent();
    }

    @Test
    void pruneKeepsTheBuildCacheOfTaggedImagesButNotOfDanglingOnes() {
        Image kept = commit(base, Optional.empty(), "ENV KEPT=1");
        Image tagged = commit(kept, Optional.empty(), "CMD kept");
        store.tag(tagged.id().toString(), ImageRef.parse("app:1"));
        Image orphanStep = commit(base, Optional.empty(), "ENV OLD=1");
        Image dangling = commit(orphanStep, Optional.empty(), "CMD old");

        assertThat(store.prune(false, java.util.Set.of()).deletedImages())
                .containsExactlyInAnyOrder(dangling.id().toString(), orphanStep.id().toString());
        assertThat(store.find(kept.id().toString())).as("the cache of app:1").isPresent();
    }

    @Test
    void aBrokenLayerStoresNothing() throws Exception {
        Path bad = Files.write(dir.resolve("bad.tar"), new TestTars().file("../escape", "x").build());
        int before = store.list().size();
        assertThatThrownBy(() -> commit(base, Optional.of(bad), "RUN evil")).hasMessageContaining("unsafe entry '../escape'");
        assertThat(store.list()).hasSize(before);
    }
}
