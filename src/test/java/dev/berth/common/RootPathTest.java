package dev.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootPathTest {
    @TempDir
    Path dir;

    @Test
    void pathsAtOrBelowAMountLiveInItsSourceAndLinksResolveAsTheContainerSeesThem() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path volume = Files.createDirectories(dir.resolve("volume"));
        Path hostname = Files.writeString(dir.resolve("hostname"), "box\n");
        Files.createDirectories(root.resolve("data"));
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("shortcut"), Path.of("/data/inner"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../.."));
        RootPath view = RootPath.withMounts(root, Map.of("/data", volume, "/etc/hostname", hostname));

        assertThat(view.resolve("/data/x")).isEqualTo(volume.resolve("x"));
        assertThat(view.resolve("/etc/hostname")).isEqualTo(hostname);
        assertThat(view.resolve("/etc/hosts")).isEqualTo(root.resolve("etc/hosts"));
        assertThat(view.resolve("/shortcut/f")).as("an absolute link target starts at the root, then enters the mount")
                .isEqualTo(volume.resolve("inner/f"));
        assertThat(view.resolveParent("/shortcut")).isEqualTo(root.resolve("shortcut"));
        assertThat(view.follow("/shortcut")).isEqualTo("/data/inner");
        assertThat(view.resolve("/up/etc")).as("'..' above the root is the root").isEqualTo(root.resolve("etc"));
    }

    @Test
    void namesAsDockerCpGivesThem() {
        assertThat(RootPath.baseName("/etc/hostname")).isEqualTo("hostname");
        assertThat(RootPath.baseName("/srv/dir/")).isEqualTo("dir");
        assertThat(RootPath.baseName("/srv/dir/.")).isEqualTo(".");
        assertThat(RootPath.baseName("/")).isEqualTo("/");
        assertThat(RootPath.parentOf("/etc/hostname")).isEqualTo("/etc");
        assertThat(RootPath.parentOf("/top")).isEqualTo("/");
        assertThat(RootPath.parentOf("name")).isEqualTo(".");
    }
}
