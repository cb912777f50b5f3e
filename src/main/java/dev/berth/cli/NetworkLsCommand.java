package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth network ls}: GET /networks, as NETWORK ID / NAME / DRIVER / SCOPE sorted by name. */
@Command(name = "ls", description = "List networks")
final class NetworkLsCommand implements Callable<Integer> {
    private static final List<ListingFormat.Column> COLUMNS = List.of(
            new ListingFormat.Column("NETWORK ID", "ID"), new ListingFormat.Column("NAME", "Name"),
            new ListingFormat.Column("DRIVER", "Driver"), new ListingFormat.Column("SCOPE", "Scope"));

    private final CliContext ctx;

    @Option(names = {"-q", "--quiet"}, description = "Only display network IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not truncate the output")
    boolean noTrunc;

    @Option(names = {"-f", "--filter"}, description = "Provide filter values (e.g. driver=bridge)")
    List<String> filters = new ArrayList<>();

    @Mixin
    ListingFormat format;

    NetworkLsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ApiPath path = ApiPath.of("/networks");
        Filters.addTo(path, filters);
        List<JsonNode> networks = new ArrayList<>();
        ctx.client().get(path).forEach(networks::add);
        networks.sort(Comparator.comparing(n -> n.path("Name").asText()));
        if (quiet) {
            networks.forEach(n -> ctx.out().println(id(n)));
        } else {
            format.print(ctx.out(), networks, COLUMNS, n -> ((ObjectNode) n.deepCopy()).put("ID", id(n)));
        }
        return ExitCodes.OK;
    }

    private String id(JsonNode n) {
        String id = n.path("Id").asText();
        return noTrunc ? id : id.substring(0, Math.min(12, id.length()));
    }
}
