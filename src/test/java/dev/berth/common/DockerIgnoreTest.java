package dev.berth.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DockerIgnoreTest {
    @Test
    void starAndQuestionMarkStayWithinOneDirectory() {
        DockerIgnore ignore = DockerIgnore.parse("*.md\ntemp?\n*/temp*\n");
        assertThat(ignore.excludes("README.md")).isTrue();
        assertThat(ignore.excludes("docs/README.md")).isFalse();
        assertThat(ignore.excludes("temp1")).isTrue();
        assertThat(ignore.excludes("temp12")).isFalse();
        assertThat(ignore.excludes("somedir/temporary.txt")).isTrue();
        assertThat(ignore.excludes("a/b/temp")).isFalse();
    }

    @Test
    void doubleStarMatchesAnyNumberOfDirectories() {
        DockerIgnore ignore = DockerIgnore.parse("**/*.go\nlogs/**\na/**/z\n");
        assertThat(ignore.excludes("main.go")).isTrue();
        assertThat(ignore.excludes("cmd/tool/main.go")).isTrue();
        assertThat(ignore.excludes("logs/x/y.txt")).isTrue();
        assertThat(ignore.excludes("a/z")).isTrue();
        assertThat(ignore.excludes("a/b/c/z")).isTrue();
        assertThat(ignore.excludes("a/b/c/zz")).isFalse();
        assertThat(ignore.excludes("main.java")).isFalse();
    }

    @Test
    void aMatchedDirectoryExcludesItsContents() {
        DockerIgnore ignore = DockerIgnore.parse("node_modules\n/build/\n./dist\n");
        assertThat(ignore.excludes("node_modules")).isTrue();
        assertThat(ignore.excludes("node_modules/x/index.js")).isTrue();
        assertThat(ignore.excludes("build/out.bin")).isTrue();
        assertThat(ignore.excludes("dist/app.js")).isTrue();
        assertThat(ignore.excludes("src/node_modules/x")).isFalse();
    }

    @Test
    void exceptionsAndLastMatchWins() {
        DockerIgnore ignore = DockerIgnore.parse("""
                # comment
                *.md
                !README*.md
                README-secret.md
                """);
        assertThat(ignore.excludes("CHANGES.md")).isTrue();
        assertThat(ignore.excludes("README.md")).isFalse();
        assertThat(ignore.excludes("README-secret.md")).isTrue();
        assertThat(ignore.hasExceptions()).isTrue();
        DockerIgnore reIncluded = DockerIgnore.parse("docs\n!docs/keep.txt\n");
        assertThat(reIncluded.excludes("docs/drop.txt")).isTrue();
        assertThat(reIncluded.excludes("docs/keep.txt")).isFalse();
    }

    @Test
    void characterClassesEscapesAndCleaning() {
        DockerIgnore ignore = DockerIgnore.parse("file[0-9].txt\nx[!a].log\nliteral\\*star\na/../b/./c\n.\n");
        assertThat(ignore.excludes("file5.txt")).isTrue();
        assertThat(ignore.excludes("fileA.txt")).isFalse();
        assertThat(ignore.excludes("xb.log")).isTrue();
        assertThat(ignore.excludes("xa.log")).isFalse();
        assertThat(ignore.excludes("literal*star")).isTrue();
        assertThat(ignore.excludes("literalXstar")).isFalse();
        assertThat(ignore.excludes("b/c")).isTrue();
        assertThat(ignore.excludes("Dockerfile")).isFalse();
        assertThat(DockerIgnore.clean("/a//b/../c/.")).isEqualTo("a/c");
        assertThatThrownBy(() -> DockerIgnore.parse("bad[")).hasMessageContaining("invalid .dockerignore pattern 'bad['");
    }
}
