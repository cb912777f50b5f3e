package dev.berth.cli;

import dev.berth.client.ApiPath;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth network rm NETWORK...}: DELETE /networks/{id}, printing each name removed. */
@Command(name = "rm", description = "Remove one or more networks")
final class NetworkRmCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(arity = "1..*", paramLabel = "NETWORK")
    List<String> networks;

    NetworkRmCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return Targets.forEach(ctx, networks, name -> {
            ctx.client().delete(ApiPath.of("/networks/%s", name));
            ctx.out().println(name);
        });
    }
}
