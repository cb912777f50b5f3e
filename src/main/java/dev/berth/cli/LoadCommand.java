package dev.berth.cli;

import dev.berth.client.ApiPath;
import dev.berth.client.Response;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth load [-i FILE]}: POST /images/load with a Docker or OCI archive; prints the "Loaded image:" stream. */
@Command(name = "load", description = "Load an image from a tar archive or STDIN")
final class LoadCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-i", "--input"}, description = "Read from tar archive file, instead of STDIN")
    String input = "-";

    @Option(names = {"-q", "--quiet"}, description = "Suppress the load output")
    boolean quiet;

    LoadCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        try (Response r = ctx.client().send("POST", ApiPath.of("/images/load").flag("quiet", quiet), TarInput.open(ctx, input))) {
            r.jsonLines(m -> {
                if (m.has("stream")) {
                    ctx.out().print(m.get("stream").asText());
                } else if (m.has("status")) {
                    ctx.out().println(m.get("status").asText());
                }
            });
        }
        return ExitCodes.OK;
    }
}
