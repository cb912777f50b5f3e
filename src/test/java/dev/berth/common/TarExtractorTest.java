package dev.berth.common;

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
        TarExtractor.extract(new ByteArrayInputStream(tar), RootPath.of(root), "/", TarExtractor.Options.contained("test tar", false));
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
    void aCopyRejectsEntriesAndLinksThatClimbOutOfTheDirectory() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        for (TestTars hostile : new TestTars[] {
                new TestTars().file("ok.txt", "ok").file("../escape.txt", "x"),
                new TestTars().symlink("sub/up", "../../outside"),
                new TestTars().hardlink("h", "../../etc/passwd")}) {
            assertThatThrownBy(() -> TarExtractor.requireContained(new ByteArrayInputStream(hostile.build()), "the upload"))
                    .hasMessageContaining("points outside the directory");
        }
        TarExtractor.requireContained(new ByteArrayInputStream(new TestTars().file("/abs.txt", "a").symlink("l", "/etc")
                .file("d/../inside.txt", "i").build()), "a contained upload");
        assertThatThrownBy(() -> TarExtractor.extract(new ByteArrayInputStream(new TestTars().file("../e", "x").build()),
                RootPath.of(root), "/", TarExtractor.Options.copy("the upload", false, false)))
                .hasMessageContaining("\"../e\" points outside");
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void noOverwriteDirNonDirRefusesToReplaceADirectoryWithAFile() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("d"));
        assertThatThrownBy(() -> TarExtractor.extract(new ByteArrayInputStream(new TestTars().file("d", "file").build()),
                RootPath.of(root), "/", TarExtractor.Options.copy("the upload", false, true)))
                .hasMessageContaining("cannot overwrite directory \"d\" with non-directory");
        assertThat(root.resolve("d")).isDirectory();
    }

    @Test
    void aRebaseRenamesTheTopEntryOrTakesADirectorysContents() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        TarExtractor.extract(new ByteArrayInputStream(new TestTars().dir("src").file("src/a", "a").build()), RootPath.of(root), "/",
                TarExtractor.Options.copy("a tree", false, false).rebased("src", "dst"));
        TarExtractor.extract(new ByteArrayInputStream(new TestTars().dir(".").file("./b", "b").build()), RootPath.of(root), "/",
                TarExtractor.Options.copy("contents", false, false).rebased(".", "flat"));
        assertThat(root.resolve("dst/a")).hasContent("a");
        assertThat(root.resolve("src")).doesNotExist();
        assertThat(root.resolve("flat/b")).hasContent("b");
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
