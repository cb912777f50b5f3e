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

/** {@code berth volume create [NAME]}: POST /volumes/create {"Name", "Driver":"local", "Labels"}; prints the name. */
@Command(name = "create", description = "Create a volume")
final class VolumeCreateCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-l", "--label"}, description = "Set metadata for a volume (KEY=VALUE)")
    List<String> labels = new ArrayList<>();

    @Parameters(index = "0", arity = "0..1", paramLabel = "VOLUME")
    Optional<String> name = Optional.empty();

    VolumeCreateCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ObjectNode body = Json.object().put("Driver", "local");
        name.ifPresent(n -> body.put("Name", n));
        ObjectNode labelNode = body.putObject("Labels");
        ContainerOptions.keyValues(labels, "--label").forEach(kv -> labelNode.put(kv.getFirst(), kv.getLast()));
        ctx.out().println(ctx.client().post(ApiPath.of("/volumes/create"), body).path("Name").asText());
        return ExitCodes.OK;
    }
}
