package dev.berth.runtime.logfile;

import dev.berth.common.BerthException;
import dev.berth.runtime.LogEntry;
import dev.berth.runtime.LogQuery;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads conmon's {@code k8s-file} log format (the CRI logging format): one record per line,
 * {@code TIMESTAMP STREAM TAG CONTENT}, e.g. {@code 2026-11-23T09:38:31.036562081+00:00 stdout F out}. Tag
 * {@code P} marks a chunk of a longer line (conmon cuts at its buffer size, or output without a newline yet);
 * chunks are joined until the {@code F} that ends the line, unless the reader wants them as they come. conmon
 * "rotates" by starting the file afresh at --log-size-max, so a follower that sees a new file starts again at its
 * beginning.
 */
public final class ConmonLogReader implements Closeable {
    /** How often a follower looks for new lines: short, because attach delivers output through the log. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    /** What a follower asks of the container whose log it reads. */
    @FunctionalInterface
    public interface Writer {
        /** Whether the container has ended, so its log grows no more (it may still hold lines not read yet). */
        boolean ended();

        /** Waits up to {@code max} for more output or the end; may return sooner, e.g. when the end is known. */
        default void await(Duration max) {
            LockSupport.parkNanos(max.toNanos());
        }
    }

    /** One parsed record, before partial chunks are joined. */
    record Record(Instant time, LogEntry.Stream stream, byte[] content, boolean partial) {}

    private final Path file;
    private final Writer writer;
    private final boolean follow;
    private final boolean chunks;
    private final ByteArrayOutputStream carry = new ByteArrayOutputStream();
    private final Map<LogEntry.Stream, PendingLine> pending = new EnumMap<>(LogEntry.Stream.class);
    private final Deque<LogEntry> ready = new ArrayDeque<>();
    private FileChannel channel;
    private Object fileKey;
    private boolean finished;

    private record PendingLine(Instant time, ByteArrayOutputStream content) {}

    private ConmonLogReader(Path file, Writer writer, boolean follow, boolean chunks) {
        this.file = file;
        this.writer = writer;
        this.follow = follow;
        this.chunks = chunks;
    }

    /**
     * The entries of {@code file} matching {@code query}. With {@code follow} the stream keeps reading until
     * {@code writer} says the container ended and the file is read to its end; closing the stream stops it early.
     */
    public static Stream<LogEntry> read(Path file, LogQuery query, Writer writer) {
        ConmonLogReader reader = new ConmonLogReader(file, writer, query.follow(), query.chunks());
        List<LogEntry> existing = reader.readAvailable().stream().filter(e -> matches(e, query)).toList();
        List<LogEntry> initial = query.tail()
                .map(n -> existing.subList(Math.max(0, existing.size() - n), existing.size()))
                .orElse(existing);
        Stream<LogEntry> rest = query.follow()
                ? StreamSupport.stream(Spliterators.spliteratorUnknownSize(reader.following(), Spliterator.ORDERED), false)
                        .filter(e -> matches(e, query))
                : Stream.empty();
        return Stream.concat(initial.stream(), rest).onClose(reader::close);
    }

    /** Parses one line (without its newline); empty for lines that are not k8s-file records. */
    static Optional<Record> parse(byte[] line) {
        int first = indexOf(line, (byte) ' ', 0);
        int second = first < 0 ? -1 : indexOf(line, (byte) ' ', first + 1);
        if (second < 0) {
            return Optional.empty();
        }
        int third = indexOf(line, (byte) ' ', second + 1);
        int tagEnd = third < 0 ? line.length : third;
        String stream = new String(line, first + 1, second - first - 1, StandardCharsets.US_ASCII);
        String tag = new String(line, second + 1, tagEnd - second - 1, StandardCharsets.US_ASCII);
        LogEntry.Stream kind = switch (stream) {
            case "stdout" -> LogEntry.Stream.STDOUT;
            case "stderr" -> LogEntry.Stream.STDERR;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        try {
            Instant time = OffsetDateTime.parse(new String(line, 0, first, StandardCharsets.US_ASCII)).toInstant();
            byte[] content = third < 0 ? new byte[0] : Arrays.copyOfRange(line, third + 1, line.length);
            // Tags are colon-separated; "P" is the only one defined so far.
            boolean partial = Arrays.asList(tag.split(":")).contains("P");
            return Optional.of(new Record(time, kind, content, partial));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        finished = true;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close log " + file, e);
            }
        }
    }

    private static boolean matches(LogEntry entry, LogQuery query) {
        return query.since().map(s -> !entry.time().isBefore(s)).orElse(true)
                && query.until().map(u -> entry.time().isBefore(u)).orElse(true);
    }

    private Iterator<LogEntry> following() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean exitSeen = false;
                while (ready.isEmpty() && !finished) {
                    List<LogEntry> fresh = readAvailable();
                    if (!fresh.isEmpty()) {
                        ready.addAll(fresh);
                        continue;
                    }
                    if (exitSeen) {
                        flushPending();
                        finished = true;
                    } else if (writer.ended()) {
                        exitSeen = true; // one more read: what was written just before the exit
                    } else {
                        writer.await(POLL_INTERVAL);
                    }
                }
                return !ready.isEmpty();
            }

            @Override
            public LogEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    /** Reads what the file holds now and returns the entries completed by it; without follow, cut lines too. */
    private List<LogEntry> readAvailable() {
        try {
            reopenIfReplaced();
            if (channel != null) {
                ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                while (channel.read(buffer) > 0) {
                    carry.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                splitLines();
            }
        } catch (IOException e) {
            throw BerthException.internal("cannot read container log " + file + ": " + e.getMessage(), e);
        }
        if (!follow) {
            flushPending();
        }
        List<LogEntry> entries = new ArrayList<>(ready);
        ready.clear();
        return entries;
    }

    private void reopenIfReplaced() throws IOException {
        Object key;
        try {
            key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return;
        }
        if (channel == null || !Objects.equals(key, fileKey)) {
            if (channel != null) {
                channel.close();
                carry.reset();
            }
            channel = FileChannel.open(file);
            fileKey = key;
        }
    }

    private void splitLines() {
        byte[] bytes = carry.toByteArray();
        int start = 0;
        for (int newline; (newline = indexOf(bytes, (byte) '\n', start)) >= 0; start = newline + 1) {
            parse(Arrays.copyOfRange(bytes, start, newline)).ifPresent(this::accept);
        }
        carry.reset();
        carry.write(bytes, start, bytes.length - start);
    }

    private void accept(Record record) {
        if (chunks) {
            ready.add(new LogEntry(record.time(), record.stream(), record.content(), record.partial()));
            return;
        }
        PendingLine line = pending.computeIfAbsent(record.stream(),
                s -> new PendingLine(record.time(), new ByteArrayOutputStream()));
        line.content().writeBytes(record.content());
        if (!record.partial()) {
            pending.remove(record.stream());
            ready.add(new LogEntry(line.time(), record.stream(), line.content().toByteArray(), false));
        }
    }

    /** Hands out chunks of a line that will never be finished (the container ended, or no follow) as partial. */
    private void flushPending() {
        pending.forEach((stream, line) -> ready.add(new LogEntry(line.time(), stream, line.content().toByteArray(), true)));
        pending.clear();
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
