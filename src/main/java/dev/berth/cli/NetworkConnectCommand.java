package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import dev.berth.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network connect [--ip] [--alias] NETWORK CONTAINER}: POST /networks/{id}/connect. */
@Command(name = "connect", description = "Connect a container to a network")
final class NetworkConnectCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--ip", description = "IPv4 address (e.g. 10.1.0.5)")
    Optional<String> ip = Optional.empty();

    @Option(names = "--alias", description = "Add network-scoped alias for the container")
    List<String> aliases = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "CONTAINER")
    String container;

    NetworkConnectCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ObjectNode body = Json.object().put("Container", container);
        ObjectNode endpoint = body.putObject("EndpointConfig");
        ip.ifPresent(a -> endpoint.putObject("IPAMConfig").put("IPv4Address", a));
        aliases.forEach(endpoint.putArray("Aliases")::add);
        ctx.client().post(ApiPath.of("/networks/%s/connect", network), body);
        return ExitCodes.OK;
    }
}
