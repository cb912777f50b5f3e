package dev.berth.runtime.logfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.LogEntry;
import dev.berth.runtime.LogQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConmonLogReaderTest {
    @TempDir
    Path temp;

    @Test
    void parsesARecord() {
        var record = ConmonLogReader.parse("2026-11-23T09:38:31.036562081+00:00 stderr F out put".getBytes(StandardCharsets.UTF_8))
                .orElseThrow();

        assertThat(record.time()).isEqualTo(Instant.parse("2026-11-23T09:38:31.036562081Z"));
        assertThat(record.stream()).isEqualTo(LogEntry.Stream.STDERR);
        assertThat(new String(record.content(), StandardCharsets.UTF_8)).isEqualTo("out put");
        assertThat(record.partial()).isFalse();
        assertThat(ConmonLogReader.parse("garbage".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(ConmonLogReader.parse("2026-11-23T09:38:31Z stdout F".getBytes(StandardCharsets.UTF_8)).orElseThrow()
                .content()).isEmpty();
    }

    @Test
    void joinsPartialChunksAndAppliesSinceUntilAndTail() throws IOException {
        Path log = write("""
                2026-01-01T00:00:01.000000000+00:00 stdout F one
                2026-01-01T00:00:02.000000000+00:00 stdout P tw
                2026-01-01T00:00:02.100000000+00:00 stderr F err
                2026-01-01T00:00:02.200000000+00:00 stdout F o
                2026-01-01T00:00:03.000000000+00:00 stdout F three
                2026-01-01T00:00:04.000000000+00:00 stdout P unfinished
                """);

        assertThat(texts(log, LogQuery.all())).containsExactly("STDOUT:one", "STDERR:err", "STDOUT:two", "STDOUT:three", "STDOUT:unfinished");
        assertThat(read(log, LogQuery.all()).getLast().partial()).isTrue();
        assertThat(texts(log, LogQuery.lines(Optional.of(Instant.parse("2026-01-01T00:00:02Z")),
                Optional.of(Instant.parse("2026-01-01T00:00:03Z")), Optional.empty(), false)))
                .containsExactlyInAnyOrder("STDERR:err", "STDOUT:two");
        assertThat(texts(log, LogQuery.lines(Optional.empty(), Optional.empty(), Optional.of(2), false)))
                .containsExactly("STDOUT:three", "STDOUT:unfinished");
    }

    @Test
    void followReadsNewLinesUntilTheContainerHasExited() throws Exception {
        Path log = write("2026-01-01T00:00:01.000000000+00:00 stdout F first\n");
        AtomicBoolean exited = new AtomicBoolean();

        try (Stream<LogEntry> entries = ConmonLogReader.read(log, LogQuery.lines(Optional.empty(), Optional.empty(), Optional.empty(), true), exited::get)) {
            var iterator = entries.iterator();
            assertThat(text(iterator.next())).isEqualTo("STDOUT:first");
            Files.writeString(log, "2026-01-01T00:00:02.000000000+00:00 stdout P sec\n", StandardOpenOption.APPEND);
            Files.writeString(log, "2026-01-01T00:00:02.000000000+00:00 stdout F ond\n", StandardOpenOption.APPEND);
            assertThat(text(iterator.next())).isEqualTo("STDOUT:second");
            Files.writeString(log, "2026-01-01T00:00:03.000000000+00:00 stderr F last words\n", StandardOpenOption.APPEND);
            exited.set(true);
            assertThat(text(iterator.next())).isEqualTo("STDERR:last words");
            assertThat(iterator.hasNext()).isFalse();
        }
    }

    @Test
    void anAttachedReaderGetsAPromptBeforeItsLineEnds() throws Exception {
        Path log = write("2026-01-01T00:00:01.000000000+00:00 stdout P root@vm:~# \n");
        AtomicBoolean exited = new AtomicBoolean();

        try (Stream<LogEntry> entries = ConmonLogReader.read(log, LogQuery.attached(Instant.EPOCH), exited::get)) {
            var iterator = entries.iterator();
            LogEntry prompt = iterator.next();
            assertThat(text(prompt)).isEqualTo("STDOUT:root@vm:~# ");
            assertThat(prompt.partial()).isTrue();
            Files.writeString(log, "2026-01-01T00:00:02.000000000+00:00 stdout F ls\n", StandardOpenOption.APPEND);
            LogEntry rest = iterator.next();
            assertThat(text(rest)).isEqualTo("STDOUT:ls");
            assertThat(rest.partial()).isFalse();
            exited.set(true);
            assertThat(iterator.hasNext()).isFalse();
        }
    }

    @Test
    void followStartsAgainWhenConmonReplacesTheFile() throws Exception {
        Path log = write("2026-01-01T00:00:01.000000000+00:00 stdout F old\n");
        AtomicBoolean exited = new AtomicBoolean();

        try (Stream<LogEntry> entries = ConmonLogReader.read(log, LogQuery.lines(Optional.empty(), Optional.empty(), Optional.empty(), true), exited::get)) {
            var iterator = entries.iterator();
            assertThat(text(iterator.next())).isEqualTo("STDOUT:old");
            Path rotated = temp.resolve("new.log");
            Files.writeString(rotated, "2026-01-01T00:00:02.000000000+00:00 stdout F new\n");
            Files.move(rotated, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            assertThat(text(iterator.next())).isEqualTo("STDOUT:new");
            exited.set(true);
            assertThat(iterator.hasNext()).isFalse();
        }
    }

    private Path write(String content) throws IOException {
        Path log = temp.resolve("container.log");
        Files.writeString(log, content);
        return log;
    }

    private static List<LogEntry> read(Path log, LogQuery query) {
        try (Stream<LogEntry> entries = ConmonLogReader.read(log, query, () -> true)) {
            return entries.toList();
        }
    }

    private static List<String> texts(Path log, LogQuery query) {
        return read(log, query).stream().map(ConmonLogReaderTest::text).toList();
    }

    private static String text(LogEntry entry) {
        return entry.stream() + ":" + new String(entry.content(), StandardCharsets.UTF_8);
    }
}
