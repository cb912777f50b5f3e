package dev.berth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth create}: POST /containers/create and print the new id. */
@Command(name = "create", description = "Create a new container")
final class CreateCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ContainerOptions options;

    CreateCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.out().println(RunCommand.create(ctx, options, true));
        return ExitCodes.OK;
    }
}
