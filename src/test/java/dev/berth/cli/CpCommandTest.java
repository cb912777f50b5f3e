package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpCommandTest {
    @Test
    void argumentsSplitAsDockersSplitCpArg() {
        assertThat(CpCommand.Location.parse("web:/etc/hosts")).isEqualTo(new CpCommand.Location("web", "/etc/hosts"));
        assertThat(CpCommand.Location.parse("/abs:with-colon")).isEqualTo(new CpCommand.Location("", "/abs:with-colon"));
        assertThat(CpCommand.Location.parse("./rel:colon")).isEqualTo(new CpCommand.Location("", "./rel:colon"));
        assertThat(CpCommand.Location.parse("plain.txt")).isEqualTo(new CpCommand.Location("", "plain.txt"));
        assertThat(CpCommand.Location.parse("-").inContainer()).isFalse();
    }

    @Test
    void aDirectoryCannotReplaceAFileNorAFileCreateAMissingDirectory() {
        assertThatThrownBy(() -> CpCommand.requireCopyableTo(true, false, true, "c:/etc/passwd"))
                .hasMessageContaining("cannot copy a directory to the file c:/etc/passwd");
        assertThatThrownBy(() -> CpCommand.requireCopyableTo(false, true, false, "/no/dir/"))
                .hasMessageContaining("destination directory /no/dir/ does not exist");
        CpCommand.requireCopyableTo(true, false, false, "overwrite a file with a file");
        CpCommand.requireCopyableTo(false, false, true, "a new directory");
    }

    @Test
    void thePathStatHeaderDecodes() {
        String header = java.util.Base64.getEncoder().encodeToString(
                "{\"name\":\"l\",\"size\":3,\"mode\":134218239,\"mtime\":\"2024-01-01T00:00:00Z\",\"linkTarget\":\"/etc\"}".getBytes());
        CpCommand.ContainerPath stat = CpCommand.ContainerPath.decode(header);
        assertThat(stat.isSymlink()).isTrue();
        assertThat(stat.isDirectory()).isFalse();
        assertThat(stat.linkTarget()).isEqualTo("/etc");
    }
}
