package dev.berth.runtime.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.LogEntry;
import dev.berth.runtime.LogQuery;
import dev.berth.runtime.logfile.ConmonLogReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogPumpTest {
    @TempDir
    Path temp;
    VmDirs dirs;

    @BeforeEach
    void makeDirs() throws IOException {
        dirs = new VmDirs(temp.resolve("state"), temp.resolve("logs"), "ef".repeat(32));
        Files.createDirectories(dirs.dir());
        Files.createDirectories(dirs.logDir());
    }

    @Test
    void copiesNewOutputOfBothStreamsOnce() throws IOException {
        LogPump pump = new LogPump(dirs);
        Files.writeString(dirs.stdout(), "one\n");
        Files.writeString(dirs.stderr(), "oops\n");
        assertThat(pump.pump()).isTrue();
        assertThat(pump.pump()).isFalse();
        Files.writeString(dirs.stdout(), "two\n", StandardOpenOption.APPEND);
        pump.pump();
        assertThat(lines()).containsExactly("STDOUT one", "STDERR oops", "STDOUT two");
    }

    @Test
    void aDaemonThatRestartsCarriesOnWithoutRepeating() throws IOException {
        Files.writeString(dirs.stdout(), "before\n");
        new LogPump(dirs).pump();
        Files.writeString(dirs.stdout(), "after\n", StandardOpenOption.APPEND);
        new LogPump(dirs).pump();
        assertThat(lines()).containsExactly("STDOUT before", "STDOUT after");
    }

    /** Regression: berthd killed between an append and its bookkeeping logged a line twice after the restart. */
    @Test
    void anAppendCutShortByACrashIsRedoneExactlyOnce() throws IOException {
        Files.writeString(dirs.stdout(), "first\n");
        new LogPump(dirs).pump();
        long before = Files.size(dirs.logFile());
        Files.writeString(dirs.stdout(), "second\n", StandardOpenOption.APPEND);
        new LogPump(dirs).pump();
        try (FileChannel log = FileChannel.open(dirs.logFile(), StandardOpenOption.WRITE)) {
            log.truncate(before + 10); // the crash: offsets recorded, the append only partly written
        }
        new LogPump(dirs).pump();
        assertThat(lines()).containsExactly("STDOUT first", "STDOUT second");
    }

    private List<String> lines() throws IOException {
        try (Stream<LogEntry> entries = ConmonLogReader.read(dirs.logFile(), LogQuery.all(), () -> true)) {
            return entries.map(e -> e.stream() + " " + new String(e.content(), StandardCharsets.UTF_8)).toList();
        }
    }
}
