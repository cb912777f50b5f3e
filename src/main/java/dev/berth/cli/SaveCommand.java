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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth save}: GET /images/get?names=A&names=B[&format=oci] into {@code -o FILE} (written beside it, then
 * renamed, so a failed save leaves no half archive) or stdout, which must not be a terminal.
 */
@Command(name = "save", description = "Save one or more images to a tar archive (streamed to STDOUT by default)")
final class SaveCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-o", "--output"}, description = "Write to a file, instead of STDOUT")
    Optional<Path> output = Optional.empty();

    @Option(names = "--format", description = "Archive format: docker (default) or oci")
    String format = "docker";

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    SaveCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        if (!format.equals("docker") && !format.equals("oci")) {
            throw BerthException.invalid("unknown --format '" + format + "' (want docker or oci)");
        }
        if (output.isEmpty() && ctx.isTerminal(1)) {
            throw BerthException.invalid("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        ApiPath path = ApiPath.of("/images/get");
        images.forEach(i -> path.param("names", i));
        if (format.equals("oci")) {
            path.param("format", "oci");
        }
        try (Response r = ctx.client().send("GET", path, RequestBody.empty())) {
            if (output.isEmpty()) {
                r.body().transferTo(ctx.out());
                ctx.out().flush();
            } else {
                writeAtomically(r, output.get().toAbsolutePath());
            }
        }
        return ExitCodes.OK;
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
