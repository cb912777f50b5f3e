package dev.berth.runtime.logfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.LogEntry;
import dev.berth.runtime.LogQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K8sLogWriterTest {
    @TempDir
    Path temp;

    @Test
    void writesWhatConmonLogReaderReadsBackLineByLine() throws IOException {
        Path file = temp.resolve("container.log");
        K8sLogWriter writer = new K8sLogWriter(file);
        Instant at = Instant.parse("2026-11-23T09:38:31.000000001Z");
        writer.appendRecords(K8sLogWriter.records(LogEntry.Stream.STDOUT, "one\ntw".getBytes(StandardCharsets.UTF_8), at));
        writer.appendRecords(K8sLogWriter.records(LogEntry.Stream.STDERR, "err\n".getBytes(StandardCharsets.UTF_8), at));
        writer.appendRecords(K8sLogWriter.records(LogEntry.Stream.STDOUT, "o\nlast".getBytes(StandardCharsets.UTF_8), at));

        assertThat(Files.readString(file)).startsWith("2026-11-23T09:38:31.000000001+00:00 stdout F one\n"
                + "2026-11-23T09:38:31.000000001+00:00 stdout P tw\n");
        try (Stream<LogEntry> entries = ConmonLogReader.read(file, LogQuery.all(), () -> true)) {
            List<String> read = entries.map(e -> e.stream() + " " + new String(e.content(), StandardCharsets.UTF_8) + (e.partial() ? " (partial)" : ""))
                    .toList();
            assertThat(read).containsExactly("STDOUT one", "STDERR err", "STDOUT two", "STDOUT last (partial)");
        }
    }
}
