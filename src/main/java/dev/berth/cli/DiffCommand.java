package dev.berth.cli;

import dev.berth.client.ApiPath;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth diff CONTAINER}: GET /containers/{id}/changes, one {@code C|A|D PATH} line each, as docker prints them. */
@Command(name = "diff", description = "Inspect changes to files or directories on a container's filesystem")
final class DiffCommand implements Callable<Integer> {
    private static final String KIND_LETTERS = "CAD";

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    DiffCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.client().get(ApiPath.of("/containers/%s/changes", container)).forEach(change ->
                ctx.out().println(KIND_LETTERS.charAt(change.path("Kind").asInt()) + " " + change.path("Path").asText()));
        return ExitCodes.OK;
    }
}
