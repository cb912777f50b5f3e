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

/** {@code berth network create}: POST /networks/create; prints the new network's id. */
@Command(name = "create", description = "Create a network")
final class NetworkCreateCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-d", "--driver"}, description = "Driver to manage the Network (default: bridge)")
    String driver = "bridge";

    @Option(names = "--subnet", description = "Subnet in CIDR format (e.g. 10.1.0.0/24)")
    Optional<String> subnet = Optional.empty();

    @Option(names = "--gateway", description = "IPv4 gateway for the subnet")
    Optional<String> gateway = Optional.empty();

    @Option(names = "--internal", description = "Restrict external access to the network")
    boolean internal;

    @Option(names = "--label", description = "Set metadata on a network (KEY=VALUE)")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-o", "--opt"}, description = "Set driver specific options (KEY=VALUE)")
    List<String> options = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "NETWORK")
    String name;

    NetworkCreateCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ObjectNode body = Json.object().put("Name", name).put("Driver", driver).put("Internal", internal);
        ObjectNode ipam = body.putObject("IPAM").put("Driver", "default");
        if (subnet.isPresent() || gateway.isPresent()) {
            ObjectNode config = ipam.putArray("Config").addObject();
            subnet.ifPresent(s -> config.put("Subnet", s));
            gateway.ifPresent(g -> config.put("Gateway", g));
        }
        ObjectNode labelNode = body.putObject("Labels");
        ContainerOptions.keyValues(labels, "--label").forEach(kv -> labelNode.put(kv.getFirst(), kv.getLast()));
        ObjectNode optionNode = body.putObject("Options");
        ContainerOptions.keyValues(options, "--opt").forEach(kv -> optionNode.put(kv.getFirst(), kv.getLast()));
        ctx.out().println(ctx.client().post(ApiPath.of("/networks/create"), body).path("Id").asText());
        return ExitCodes.OK;
    }
}
