package dev.berth.runtime.runc;

import dev.berth.common.BerthException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a helper program (runc, ps) to completion with a deadline, capturing both output streams. */
final class HostCommand {
    /** Standard input for helpers that must not wait for any. */
    static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new File("/dev/null"));

    private HostCommand() {}

    record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static Result run(List<String> argv, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(NO_INPUT).start();
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
