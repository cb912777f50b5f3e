package dev.berth.cli;

import dev.berth.client.ApiPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth export [-o FILE] CONTAINER}: GET /containers/{id}/export, the root file system as a tar. */
@Command(name = "export", description = "Export a container's filesystem as a tar archive")
final class ExportCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-o", "--output"}, description = "Write to a file, instead of STDOUT")
    Optional<Path> output = Optional.empty();

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    ExportCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        TarDownload.fetch(ctx, ApiPath.of("/containers/%s/export", container), output);
        return ExitCodes.OK;
    }
}
