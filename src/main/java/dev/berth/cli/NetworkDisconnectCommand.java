package dev.berth.cli;

import dev.berth.client.ApiPath;
import dev.berth.common.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network disconnect [-f] NETWORK CONTAINER}: POST /networks/{id}/disconnect. */
@Command(name = "disconnect", description = "Disconnect a container from a network")
final class NetworkDisconnectCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-f", "--force"}, description = "Force the container to disconnect from a network")
    boolean force;

    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "CONTAINER")
    String container;

    NetworkDisconnectCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.client().post(ApiPath.of("/networks/%s/disconnect", network), Json.object().put("Container", container).put("Force", force));
        return ExitCodes.OK;
    }
}
