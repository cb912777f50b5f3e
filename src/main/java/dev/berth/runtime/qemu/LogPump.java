package dev.berth.runtime.qemu;

import dev.berth.common.AtomicFiles;
import dev.berth.common.BerthException;
import dev.berth.runtime.LogEntry;
import dev.berth.runtime.logfile.K8sLogWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;

/**
 * Moves what the guest wrote to its stdout and stderr ports (files QEMU appends to) into the container log, in
 * conmon's format so that logs, attach and wait read VMs like containers. Exactly once across daemon crashes:
 * before each append the pump records the offsets before and after it and the log's size before and after it;
 * a pump that starts on a log shorter than the recorded "after" knows the append did not (fully) happen, cuts
 * the log back and reads from the earlier offsets again.
 */
final class LogPump {
    private static final int MAX_CHUNK = 1 << 20;

    private final VmDirs dirs;
    private final K8sLogWriter log;
    private long stdoutOffset;
    private long stderrOffset;

    LogPump(VmDirs dirs) {
        this.dirs = dirs;
        this.log = new K8sLogWriter(dirs.logFile());
        recover();
    }

    /** Appends whatever is new in both files; returns whether there was anything. */
    synchronized boolean pump() {
        byte[] out = readNew(dirs.stdout(), stdoutOffset);
        byte[] err = readNew(dirs.stderr(), stderrOffset);
        if (out.length == 0 && err.length == 0) {
            return false;
        }
        Instant now = Instant.now();
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        records.writeBytes(K8sLogWriter.records(LogEntry.Stream.STDOUT, out, now));
        records.writeBytes(K8sLogWriter.records(LogEntry.Stream.STDERR, err, now));
        long before = logSize();
        long newStdout = stdoutOffset + out.length;
        long newStderr = stderrOffset + err.length;
        AtomicFiles.write(dirs.logOffsets(), "%d %d %d %d %d %d".formatted(stdoutOffset, stderrOffset, newStdout, newStderr,
                before, before + records.size()).getBytes(StandardCharsets.US_ASCII));
        log.appendRecords(records.toByteArray());
        stdoutOffset = newStdout;
        stderrOffset = newStderr;
        return true;
    }

    private void recover() {
        String[] fields;
        try {
            fields = Files.readString(dirs.logOffsets()).strip().split(" ");
        } catch (NoSuchFileException e) {
            return; // nothing pumped yet
        } catch (IOException e) {
            throw BerthException.internal("cannot read log offsets " + dirs.logOffsets() + ": " + e.getMessage(), e);
        }
        long[] v = Arrays.stream(fields).mapToLong(Long::parseLong).toArray();
        if (logSize() >= v[5]) {
            stdoutOffset = v[2];
            stderrOffset = v[3];
            return;
        }
        try (FileChannel channel = FileChannel.open(dirs.logFile(), StandardOpenOption.WRITE)) {
            channel.truncate(v[4]);
        } catch (IOException e) {
            throw BerthException.internal("cannot cut back the log " + dirs.logFile() + ": " + e.getMessage(), e);
        }
        stdoutOffset = v[0];
        stderrOffset = v[1];
    }

    private long logSize() {
        try {
            return Files.size(dirs.logFile());
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw BerthException.internal("cannot read the size of " + dirs.logFile() + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readNew(Path source, long offset) {
        try (FileChannel channel = FileChannel.open(source)) {
            long size = channel.size();
            if (size <= offset) {
                return new byte[0];
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(size - offset, MAX_CHUNK));
            channel.read(bytes, offset);
            return Arrays.copyOf(bytes.array(), bytes.position());
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw BerthException.internal("cannot read VM output " + source + ": " + e.getMessage(), e);
        }
    }
}
