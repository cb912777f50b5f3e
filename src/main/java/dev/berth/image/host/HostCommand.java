package dev.berth.image.host;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a small host tool (mount, mknod, setfattr) with a deadline and turns failure into a clear error. */
public final class HostCommand {
    private static final long TIMEOUT_SECONDS = 60;

    private HostCommand() {}

    /** Runs {@code command} in {@code workDir}; returns its stdout, or throws INTERNAL with its stderr. */
    public static String run(Path workDir, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw BerthException.internal("cannot run " + command.getFirst() + ": " + e.getMessage()
                    + " (is it installed? mount: util-linux, mknod: coreutils, setfattr: attr)", e);
        }
        try {
            process.getOutputStream().close();
            // drain both pipes on their own threads so the deadline holds even if the tool hangs
            byte[][] out = new byte[2][];
            Thread stdout = Thread.ofVirtual().start(() -> out[0] = readQuietly(process.getInputStream()));
            Thread stderr = Thread.ofVirtual().start(() -> out[1] = readQuietly(process.getErrorStream()));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw BerthException.internal(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + "s");
            }
            stdout.join();
            stderr.join();
            if (process.exitValue() != 0) {
                throw BerthException.internal(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + new String(out[1], StandardCharsets.UTF_8).strip());
            }
            return new String(out[0], StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BerthException.internal("cannot talk to " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw BerthException.internal("interrupted while running " + command.getFirst(), e);
        }
    }

    private static byte[] readQuietly(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
