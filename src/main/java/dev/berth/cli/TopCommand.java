package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth top NAME}: GET /containers/{name}/top, printed as docker's 20-wide process table. */
@Command(name = "top", description = "Display the running processes of a container")
final class TopCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    TopCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        JsonNode top = ctx.client().get(ApiPath.of("/containers/%s/top", container));
        Table table = new Table(20, texts(top.path("Titles")));
        top.path("Processes").forEach(p -> table.row(texts(p)));
        table.print(ctx.out());
        return ExitCodes.OK;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(v -> texts.add(v.asText()));
        return texts;
    }
}
