package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextTarTest {
    @TempDir
    Path dir;

    private List<String> entries(String dockerfile, Map<String, byte[]> extra) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContextTar.write(dir, dockerfile, extra, out);
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            while (tar.getNextEntry() instanceof TarArchiveEntry e) {
                assertThat(e.getLongUserId()).isZero();
                assertThat(e.getUserName()).isEmpty();
                assertThat(List.of(Optional.ofNullable(e.getLastAccessTime()), Optional.ofNullable(e.getStatusChangeTime()),
                        Optional.ofNullable(e.getCreationTime()))).as("only the mtime travels, as in Docker's tars")
                        .allMatch(Optional::isEmpty);
                names.add(e.getName());
            }
        }
        return names;
    }

    @Test
    void dockerignoreLeavesFilesOutButNeverTheDockerfileOrItself() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\n");
        Files.writeString(dir.resolve(".dockerignore"), "Dockerfile\n.dockerignore\n*.log\nbuild\n!build/keep.txt\n");
        Files.writeString(dir.resolve("app.log"), "x");
        Files.writeString(dir.resolve("main.c"), "x");
        Files.createDirectories(dir.resolve("build/obj"));
        Files.writeString(dir.resolve("build/obj/a.o"), "x");
        Files.writeString(dir.resolve("build/keep.txt"), "x");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("/etc/passwd"));

        assertThat(entries("Dockerfile", Map.of())).containsExactly(".dockerignore", "Dockerfile", "build/keep.txt", "link", "main.c");
    }

    @Test
    void aDockerfileFromOutsideIsAddedUnderItsContextName() throws Exception {
        Files.writeString(dir.resolve("data.txt"), "x");
        assertThat(entries(".dockerfile.berth", Map.of(".dockerfile.berth", "FROM busybox\n".getBytes())))
                .containsExactly("data.txt", ".dockerfile.berth");
    }
}
