package dev.berth.cli;

import dev.berth.client.ApiPath;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth rename OLD NEW}: POST /containers/{old}/rename?name=NEW. */
@Command(name = "rename", description = "Rename a container")
final class RenameCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", paramLabel = "NEW_NAME")
    String newName;

    RenameCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.client().post(ApiPath.of("/containers/%s/rename", container).param("name", newName));
        return ExitCodes.OK;
    }
}
