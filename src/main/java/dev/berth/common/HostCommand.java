package dev.berth.common;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a helper program (runc, ps, ip, nft) to completion with a deadline, capturing both output streams. */
public final class HostCommand {
    /** Standard input for helpers that must not wait for any. */
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    public static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new File("/dev/null"));

    private HostCommand() {}

    public record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Throws INTERNAL with the helper's own words unless it succeeded; returns this for chaining. */
        public Result check() {
            if (!ok()) {
                throw BerthException.internal(String.join(" ", argv) + " failed (exit " + exitCode + "): " + stderr.strip());
            }
            return this;
        }
    }

    public static Result run(List<String> argv, Duration timeout) {
        return run(argv, null, timeout);
    }

    /** Runs {@code argv} with {@code input} as its standard input ({@code null}: none). */
    public static Result run(List<String> argv, String input, Duration timeout) {
        return run(null, argv, input, timeout);
    }

    /**
     * Runs a small tool (mount, mknod, setfattr) in {@code workDir} with a minute's deadline and returns its
     * stdout; a failure is INTERNAL with the tool's own words.
     */
    public static String output(Path workDir, List<String> argv) {
        return run(workDir, argv, null, TOOL_TIMEOUT).check().stdout();
    }

    private static Result run(Path workDir, List<String> argv, String input, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(argv).directory(workDir == null ? null : workDir.toFile())
                    .redirectInput(input == null ? NO_INPUT : ProcessBuilder.Redirect.PIPE).start();
            if (input != null) {
                try (var stdin = process.getOutputStream()) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw BerthException.internal("cannot run " + argv.getFirst() + ": " + e.getMessage()
                    + " (is it installed and on PATH?)", e);
        }
        // Both pipes are drained concurrently so a chatty child never blocks on a full pipe.
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw BerthException.internal("%s did not finish within %s; killed it (is the host overloaded?)"
                        .formatted(String.join(" ", argv), timeout));
            }
            return new Result(argv, process.exitValue(), stdout.get(5, TimeUnit.SECONDS), stderr.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw BerthException.internal("interrupted while waiting for " + argv.getFirst(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw BerthException.internal("cannot read the output of " + argv.getFirst() + ": " + e.getMessage(), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return result;
    }
}
