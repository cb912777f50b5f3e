package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth port CONTAINER [PORT[/PROTO]]}: the published ports from inspect, "80/tcp -> 0.0.0.0:8080". */
@Command(name = "port", description = "List port mappings or a specific mapping for the container")
final class PortCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]")
    Optional<String> port = Optional.empty();

    PortCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        JsonNode ports = ctx.client().get(ApiPath.of("/containers/%s/json", container)).path("NetworkSettings").path("Ports");
        Optional<String> wanted = port.map(p -> p.contains("/") ? p : p + "/tcp");
        ports.fields().forEachRemaining(e -> {
            if (wanted.map(w -> w.equals(e.getKey())).orElse(true) && e.getValue().isArray()) {
                e.getValue().forEach(b -> ctx.out().println((wanted.isPresent() ? "" : e.getKey() + " -> ")
                        + b.path("HostIp").asText() + ":" + b.path("HostPort").asText()));
            }
        });
        return ExitCodes.OK;
    }
}
