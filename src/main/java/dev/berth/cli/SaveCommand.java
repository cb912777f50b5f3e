package dev.berth.cli;

import dev.berth.client.ApiPath;
import dev.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth save}: GET /images/get?names=A&names=B[&format=oci] into {@code -o FILE} or stdout (see {@link TarDownload}).
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
        ApiPath path = ApiPath.of("/images/get");
        images.forEach(i -> path.param("names", i));
        if (format.equals("oci")) {
            path.param("format", "oci");
        }
        TarDownload.fetch(ctx, path, output);
        return ExitCodes.OK;
    }
}
