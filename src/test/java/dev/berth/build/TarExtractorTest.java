package dev.berth.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.image.TestTars;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarExtractorTest {
    @TempDir
    Path dir;

    private Path extract(byte[] tar) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        TarExtractor.extract(new ByteArrayInputStream(tar), root, false, "test tar");
        return root;
    }

    @Test
    void plainAndGzipContextsKeepTheirTree() throws Exception {
        TestTars tars = new TestTars().dir("src").file("src/main.c", "int main;").symlink("link", "src/main.c");
        Path root = extract(tars.buildGzip());
        assertThat(root.resolve("src/main.c")).hasContent("int main;");
        assertThat(Files.readSymbolicLink(root.resolve("link"))).isEqualTo(Path.of("src/main.c"));
    }

    @Test
    void hostileNamesAndSymlinksStayInsideTheRoot() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path root = extract(new TestTars()
                .file("../escape.txt", "dotdot")
                .file("/abs.txt", "absolute")
                .symlink("up", "../outside")
                .file("up/through-link.txt", "link")
                .symlink("abs", "/etc")
                .file("abs/passwd-copy", "abs link")
                .build());
        assertThat(outside).isEmptyDirectory();
        assertThat(dir.resolve("escape.txt")).doesNotExist();
        assertThat(root.resolve("escape.txt")).hasContent("dotdot");
        assertThat(root.resolve("abs.txt")).hasContent("absolute");
        assertThat(root.resolve("outside/through-link.txt")).as("'..' above the root is the root").hasContent("link");
        assertThat(Path.of("/etc/passwd-copy")).doesNotExist();
        assertThat(root.resolve("abs")).isSymbolicLink();
        assertThat(root.resolve("etc/passwd-copy")).as("an absolute link target starts at the root").hasContent("abs link");
    }

    @Test
    void aSymlinkLoopIsAnErrorNotAHang() {
        assertThatThrownBy(() -> extract(new TestTars().symlink("etc", "/etc").file("etc/x", "x").build()))
                .hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void recognisesArchivesForAdd() throws Exception {
        Path tar = Files.write(dir.resolve("a.tar"), new TestTars().file("x", "y").build());
        Path gz = Files.write(dir.resolve("a.tgz"), new TestTars().file("x", "y").buildGzip());
        Path text = Files.writeString(dir.resolve("a.txt"), "just text, not an archive");
        assertThat(TarExtractor.isArchive(tar)).isTrue();
        assertThat(TarExtractor.isArchive(gz)).isTrue();
        assertThat(TarExtractor.isArchive(text)).isFalse();
    }
}
