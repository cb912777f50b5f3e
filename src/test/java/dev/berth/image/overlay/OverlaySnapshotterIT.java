package dev.berth.image.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.berth.common.Digest;
import dev.berth.image.FileChange;
import dev.berth.image.Image;
import dev.berth.image.ImageConfig;
import dev.berth.image.RootFs;
import dev.berth.image.TestTars;
import dev.berth.common.HostCommand;
import dev.berth.common.MountTable;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real overlayfs mounts; needs root. */
@Tag("root")
class OverlaySnapshotterIT {
    @TempDir
    Path root;
    private final Map<Digest, byte[]> layers = new HashMap<>();
    private final List<String> keys = new ArrayList<>();
    private OverlaySnapshotter snapshotter;

    @BeforeEach
    void requireRoot() {
        assumeThat(System.getProperty("user.name")).as("overlay mounts need root").isEqualTo("root");
        snapshotter = new OverlaySnapshotter(root, diffId -> new ByteArrayInputStream(layers.get(diffId)));
    }

    @AfterEach
    void unmountEverything() {
        keys.forEach(snapshotter::remove);
    }

    private Image image(byte[]... layerTars) {
        List<Digest> diffIds = new ArrayList<>();
        for (byte[] tar : layerTars) {
            Digest d = Digest.sha256(tar);
            layers.put(d, tar);
            diffIds.add(d);
        }
        Digest id = Digest.sha256(diffIds.toString().getBytes());
        return new Image(id, id, List.of(), List.of(), ImageConfig.empty(), diffIds, Instant.EPOCH, 0, "amd64", "linux");
    }

    private RootFs prepare(String key, Image image) {
        keys.add(key);
        return snapshotter.prepare(key, image);
    }

    @Test
    void writesGoToTheUpperDirNotToTheSharedLayer() throws Exception {
        Image image = image(new TestTars().dir("etc").file("etc/motd", "base").build());
        RootFs rootfs = prepare("c1", image);
        assertThat(rootfs.path().resolve("etc/motd")).hasContent("base");

        Files.writeString(rootfs.path().resolve("etc/motd"), "changed");
        Files.writeString(rootfs.path().resolve("new"), "file");

        Path layerMotd = root.resolve("layers").resolve(image.diffIds().getFirst().hex()).resolve("diff/etc/motd");
        assertThat(layerMotd).hasContent("base");
        assertThat(root.resolve("containers/c1/upper/etc/motd")).hasContent("changed");
        assertThat(root.resolve("containers/c1/upper/new")).hasContent("file");

        RootFs other = prepare("c2", image);
        assertThat(other.path().resolve("etc/motd")).as("containers do not see each other").hasContent("base");
    }

    @Test
    void mountsInProcessLeavingTheDaemonsWorkingDirectoryAlone() throws Exception {
        Path cwd = Files.readSymbolicLink(Path.of("/proc/self/cwd"));
        Image image = image(new TestTars().file("a", "1").build(), new TestTars().file("b", "2").build());

        RootFs first = prepare("c1", image);
        RootFs second = prepare("c2", image);

        assertThat(MountTable.isMountPoint(first.path())).isTrue();
        assertThat(second.path().resolve("a")).hasContent("1");
        assertThat(second.path().resolve("b")).hasContent("2");
        assertThat(Files.readSymbolicLink(Path.of("/proc/self/cwd")))
                .as("the relative layer paths resolve on the mount thread only").isEqualTo(cwd);
    }

    @Test
    void whiteoutsHideLowerFilesAndOpaqueDirsHideLowerContents() {
        byte[] lower = new TestTars().file("gone", "x").dir("d").file("d/old", "x").file("kept", "x").build();
        byte[] upper = new TestTars().file(".wh.gone", "").dir("d").file("d/.wh..wh..opq", "").file("d/new", "y").build();
        RootFs rootfs = prepare("c1", image(lower, upper));
        Path merged = rootfs.path();
        assertThat(merged.resolve("gone")).doesNotExist();
        assertThat(merged.resolve("d/old")).doesNotExist();
        assertThat(merged.resolve("d/new")).hasContent("y");
        assertThat(merged.resolve("kept")).exists();
    }

    @Test
    void keepsSymlinksModesAndHardLinksOfTheLayer() throws Exception {
        RootFs rootfs = prepare("c1", image(new TestTars().file("bin/tool", "#!x").symlink("bin/alias", "/bin/tool")
                .hardlink("bin/same", "bin/tool").build()));
        Path merged = rootfs.path();
        assertThat(Files.readSymbolicLink(merged.resolve("bin/alias"))).isEqualTo(Path.of("/bin/tool"));
        assertThat(Files.getAttribute(merged.resolve("bin/same"), "unix:nlink")).isEqualTo(2);
        assertThat((int) Files.getAttribute(merged.resolve("bin/tool"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777)
                .isEqualTo(0644);
    }

    @Test
    void prepareRemountsAfterADaemonRestartAndRemoveCleansUp() {
        Image image = image(new TestTars().file("a", "1").build());
        RootFs rootfs = prepare("c1", image);
        HostCommand.output(root, List.of("umount", rootfs.path().toString()));
        assertThat(rootfs.path().resolve("a")).doesNotExist();

        RootFs again = new OverlaySnapshotter(root, d -> new ByteArrayInputStream(layers.get(d))).prepare("c1", image);
        assertThat(again.path().resolve("a")).hasContent("1");

        snapshotter.remove("c1");
        assertThat(root.resolve("containers/c1")).doesNotExist();
        assertThat(MountTable.isMountPoint(again.path())).isFalse();
        snapshotter.remove("c1"); // a no-op the second time
    }

    @Test
    void anImageWithoutLayersGetsAWritableRootWithOnlyTheInitLayer() throws Exception {
        RootFs rootfs = prepare("scratch", image());
        try (var entries = Files.list(rootfs.path())) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly(".dockerenv");
        }
        Files.writeString(rootfs.path().resolve("x"), "y");
        assertThat(root.resolve("containers/scratch/upper/x")).hasContent("y");
    }

    @Test
    void everyRootHasAnEmptyDockerenvThatIsNoChangeOfItsOwn() throws Exception {
        Image image = image(new TestTars().file("a", "1").build());
        RootFs first = prepare("c1", image);
        RootFs second = prepare("c2", image);
        assertThat(first.path().resolve(".dockerenv")).isEmptyFile();
        Files.writeString(second.path().resolve(".dockerenv"), "changed in c2");
        assertThat(first.path().resolve(".dockerenv")).as("shared read-only, copied up on write").isEmptyFile();
        assertThat(snapshotter.changes("c1", image)).isEmpty();
        assertThat(snapshotter.changes("c2", image)).extracting(FileChange::path, FileChange::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/.dockerenv", FileChange.Kind.MODIFIED));
        Map<String, String> data = snapshotter.describe("c1", image);
        assertThat(data.get("LowerDir").split(":")).containsExactly(root.resolve("init").toString(),
                root.resolve("layers").resolve(ChainIds.of(image.diffIds()).getFirst().hex()).resolve("diff").toString());
        assertThat(data).containsEntry("MergedDir", first.path().toString())
                .containsEntry("UpperDir", root.resolve("containers/c1/upper").toString())
                .containsEntry("WorkDir", root.resolve("containers/c1/work").toString());
    }
}
