package dev.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Against this process's own mounts: /proc and /sys are mount points on every Linux host Berth runs on. */
class MountTableTest {
    @Test
    void findsMountPointsAndThoseBelowADirectoryDeepestFirst() {
        assertThat(MountTable.isMountPoint(Path.of("/proc"))).isTrue();
        assertThat(MountTable.isMountPoint(Path.of("/proc/self"))).isFalse();
        assertThat(MountTable.mountPointsUnder(Path.of("/"))).contains(Path.of("/proc"), Path.of("/sys")).doesNotContain(Path.of("/"));
        assertThat(MountTable.mountPointsUnder(Path.of("/sys"))).doesNotContain(Path.of("/sys")).allMatch(m -> m.startsWith("/sys"))
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(MountTable.mountPointsUnder(Path.of("/pro"))).as("a name prefix is no parent").isEmpty();
    }
}
