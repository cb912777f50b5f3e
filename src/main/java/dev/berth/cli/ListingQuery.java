package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --filter} and {@code --no-trunc} of {@code ps} and {@code images}, and the GET of the list they shape. */
final class ListingQuery {
    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided (key=value)")
    List<String> filters = new ArrayList<>();

    /** GET {@code path} with the filters added: the daemon's JSON array, as a list. */
    List<JsonNode> list(CliContext ctx, ApiPath path) {
        Filters.addTo(path, filters);
        List<JsonNode> items = new ArrayList<>();
        ctx.client().get(path).forEach(items::add);
        return items;
    }
}
