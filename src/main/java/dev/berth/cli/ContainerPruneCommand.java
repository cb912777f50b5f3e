package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth container prune [-f] [--filter until=24h|label=k=v]}: POST /containers/prune, after a y/N prompt unless -f. */
@Command(name = "prune", description = "Remove all stopped containers")
final class ContainerPruneCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", description = "Provide filter values (e.g. \"until=<timestamp>\", \"label=k=v\")")
    List<String> filters = new ArrayList<>();

    ContainerPruneCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        if (!force && !Confirmation.ask(ctx, "WARNING! This will remove all stopped containers.")) {
            return ExitCodes.OK;
        }
        ApiPath path = ApiPath.of("/containers/prune");
        Filters.addTo(path, filters);
        JsonNode report = ctx.client().post(path);
        if (!report.path("ContainersDeleted").isEmpty()) {
            ctx.out().println("Deleted Containers:");
            report.path("ContainersDeleted").forEach(id -> ctx.out().println(id.asText()));
            ctx.out().println();
        }
        ctx.out().println("Total reclaimed space: " + Human.decimalSize(report.path("SpaceReclaimed").asLong()));
        return ExitCodes.OK;
    }
}
