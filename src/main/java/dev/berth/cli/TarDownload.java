package dev.berth.cli;

import dev.berth.client.ApiPath;
import dev.berth.client.RequestBody;
import dev.berth.client.Response;
import dev.berth.common.BerthException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A tar the daemon sends ({@code save}, {@code export}) written to {@code -o FILE} (beside it first, then renamed,
 * so a failed download leaves no half archive) or to stdout, which must not be a terminal.
 */
final class TarDownload {
    private TarDownload() {}

    static void fetch(CliContext ctx, ApiPath path, Optional<Path> output) throws IOException {
        if (output.isEmpty() && ctx.isTerminal(1)) {
            throw BerthException.invalid("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        try (Response r = ctx.client().send("GET", path, RequestBody.empty())) {
            if (output.isEmpty()) {
                r.body().transferTo(ctx.out());
                ctx.out().flush();
            } else {
                writeAtomically(r, output.get().toAbsolutePath());
            }
        }
    }

    private static void writeAtomically(Response r, Path target) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                r.body().transferTo(out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException | BerthException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }
}
