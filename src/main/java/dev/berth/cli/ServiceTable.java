package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import dev.berth.common.Json;
import java.util.ArrayList;
import java.util.List;

/** Services as {@code docker service ls} shows them: REPLICAS is running/desired. */
final class ServiceTable {
    private static final List<ListingFormat.Column> COLUMNS = List.of(new ListingFormat.Column("ID", "ID"),
            new ListingFormat.Column("NAME", "Name"), new ListingFormat.Column("MODE", "Mode"),
            new ListingFormat.Column("REPLICAS", "Replicas"), new ListingFormat.Column("IMAGE", "Image"),
            new ListingFormat.Column("PORTS", "Ports"), new ListingFormat.Column("UPDATE", "UpdateState"));

    private ServiceTable() {}

    static void print(CliContext ctx, ListingFormat format, ApiPath path) {
        List<JsonNode> services = new ArrayList<>();
        ctx.client().get(path).forEach(services::add);
        format.print(ctx.out(), services, COLUMNS, ServiceTable::row);
    }

    static ObjectNode row(JsonNode s) {
        ObjectNode row = Json.object();
        row.put("ID", s.path("ID").asText());
        row.put("Name", s.path("Name").asText());
        row.put("Mode", s.path("Mode").asText());
        row.put("Replicas", s.path("Running").asInt() + "/" + s.path("Replicas").asInt());
        row.put("Image", s.path("Image").asText());
        List<String> ports = new ArrayList<>();
        for (int i = 0; i < s.path("Ports").size(); i++) {
            JsonNode p = s.path("Ports").get(i);
            String listening = s.path("Endpoints").path(i).asText();
            ports.add((listening.isEmpty() ? "" : listening + "->") + p.path("target").asInt() + "/" + p.path("protocol").asText());
        }
        row.put("Ports", String.join(", ", ports));
        row.put("UpdateState", s.path("UpdateStatus").path("State").asText());
        return row;
    }
}
