package dev.berth.runtime.logfile;

import dev.berth.common.BerthException;
import dev.berth.runtime.LogEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Appends records in conmon's {@code k8s-file} format, which {@link ConmonLogReader} reads, for runtimes whose
 * output does not pass through conmon: one {@code TIMESTAMP STREAM F CONTENT} line per complete line, and
 * {@code P} for a chunk whose line is still open (its rest follows in later records).
 */
public final class K8sLogWriter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnnxxx", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Path file;

    public K8sLogWriter(Path file) {
        this.file = file;
    }

    /**
     * The records for {@code bytes} written by the container on {@code stream}: one per line, and a partial record
     * for a trailing chunk without its newline (its rest follows in later records).
     */
    public static byte[] records(LogEntry.Stream stream, byte[] bytes, Instant at) {
        if (bytes.length == 0) {
            return bytes;
        }
        String prefix = TIME.format(at) + (stream == LogEntry.Stream.STDOUT ? " stdout " : " stderr ");
        ByteArrayOutputStream records = new ByteArrayOutputStream(bytes.length + 64);
        int start = 0;
        while (start < bytes.length) {
            int newline = start;
            while (newline < bytes.length && bytes[newline] != '\n') {
                newline++;
            }
            boolean complete = newline < bytes.length;
            records.writeBytes((prefix + (complete ? "F " : "P ")).getBytes(StandardCharsets.US_ASCII));
            records.write(bytes, start, newline - start);
            records.write('\n');
            start = newline + 1;
        }
        return records.toByteArray();
    }

    /** Appends records made by {@link #records} in one write, so readers never see half a record. */
    public void appendRecords(byte[] records) {
        if (records.length == 0) {
            return;
        }
        try {
            Files.write(file, records, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw BerthException.internal("cannot append to container log " + file + ": " + e.getMessage(), e);
        }
    }
}
