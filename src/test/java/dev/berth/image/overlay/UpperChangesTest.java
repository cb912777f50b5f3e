package dev.berth.image.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.berth.image.FileChange;
import dev.berth.image.FileChange.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpperChangesTest {
    @TempDir
    Path dir;

    @Test
    void addedModifiedAndDeletedAgainstTheTopmostLowerThatNamesThePath() throws Exception {
        Path base = Files.createDirectories(dir.resolve("base"));
        Path top = Files.createDirectories(dir.resolve("top"));
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Files.createDirectories(base.resolve("etc"));
        Files.writeString(base.resolve("etc/passwd"), "root");
        Files.writeString(base.resolve("etc/group"), "root");
        Files.writeString(base.resolve("old"), "hidden by the top layer");
        whiteout(top.resolve("old"));
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/passwd"), "root\nuser");
        whiteout(upper.resolve("etc/group"));
        Files.writeString(upper.resolve("old"), "new again");
        Files.createDirectories(upper.resolve("made/sub"));

        assertThat(UpperChanges.list(upper, List.of(top, base))).containsExactly(
                new FileChange("/etc", Kind.MODIFIED),
                new FileChange("/etc/group", Kind.DELETED),
                new FileChange("/etc/passwd", Kind.MODIFIED),
                new FileChange("/made", Kind.ADDED),
                new FileChange("/made/sub", Kind.ADDED),
                new FileChange("/old", Kind.ADDED));
    }

    @Test
    void anEmptyUpperHasNoChanges() {
        assertThat(UpperChanges.list(dir, List.of())).isEmpty();
    }

    /** An overlayfs whiteout, a 0:0 character device; only root may make one. */
    private static void whiteout(Path file) throws Exception {
        assumeThat(System.getProperty("user.name")).as("mknod needs root").isEqualTo("root");
        Process p = new ProcessBuilder("mknod", file.toString(), "c", "0", "0").inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }
}
