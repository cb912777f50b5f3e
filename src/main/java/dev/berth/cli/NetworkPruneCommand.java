package dev.berth.cli;

import dev.berth.client.ApiPath;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth network prune [-f]}: POST /networks/prune; lists what went, as Docker does. */
@Command(name = "prune", description = "Remove all unused networks")
final class NetworkPruneCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    NetworkPruneCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        var deleted = ctx.client().post(ApiPath.of("/networks/prune")).path("NetworksDeleted");
        if (!deleted.isEmpty()) {
            ctx.out().println("Deleted Networks:");
            deleted.forEach(n -> ctx.out().println(n.asText()));
        }
        return ExitCodes.OK;
    }
}
