package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The containers of a stack or of one service, found by Compose's labels, as {@code compose ps} lists them. */
final class ReplicaTable {
    static final List<ListingFormat.Column> COLUMNS = List.of(new ListingFormat.Column("NAME", "Name"),
            new ListingFormat.Column("IMAGE", "Image"), new ListingFormat.Column("SERVICE", "Service"),
            new ListingFormat.Column("CREATED", "RunningFor"), new ListingFormat.Column("STATUS", "Status"),
            new ListingFormat.Column("PORTS", "Ports"));

    private ReplicaTable() {}

    /** GET /containers/json with label filters for the stack and, when not empty, the service. */
    static List<JsonNode> replicas(CliContext ctx, String stack, String service, boolean all) {
        List<String> filters = new ArrayList<>(List.of("label=com.docker.compose.project=" + stack));
        if (!service.isEmpty()) {
            filters.add("label=com.docker.compose.service=" + service);
        }
        ApiPath path = ApiPath.of("/containers/json").flag("all", all);
        Filters.addTo(path, filters);
        List<JsonNode> out = new ArrayList<>();
        ctx.client().get(path).forEach(out::add);
        out.sort(java.util.Comparator.comparing(c -> c.path("Names").path(0).asText()));
        return out;
    }

    static void print(CliContext ctx, ListingFormat format, List<JsonNode> replicas) {
        Instant now = Instant.now();
        format.print(ctx.out(), replicas, COLUMNS, c -> {
            ObjectNode row = PsCommand.row(c, false, now);
            row.put("Name", row.path("Names").asText());
            row.put("Service", c.path("Labels").path("com.docker.compose.service").asText());
            return row;
        });
    }
}
