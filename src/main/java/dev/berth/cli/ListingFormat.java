package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * {@code --format} for every listing: {@code table} (the default), {@code json} (one JSON array of the daemon's
 * objects, for scripts) or a Go template over the table's row fields ({@code '{{.Names}} {{.Status}}'}).
 */
final class ListingFormat {
    @Option(names = "--format", description = "Format output: table, json, or a Go template such as '{{.ID}}'")
    String format = "table";

    /** A table column: its header and the row field it shows (Docker's placeholder name). */
    record Column(String header, String field) {}

    /**
     * Prints {@code items} (the daemon's JSON objects) in the chosen format; {@code row} turns one item into
     * the fields that the table and templates show.
     */
    void print(PrintStream out, List<JsonNode> items, List<Column> columns, Function<JsonNode, JsonNode> row) {
        switch (format) {
            case "json" -> out.println(Json.string(Json.MAPPER.createArrayNode().addAll(items)));
            case "table", "" -> {
                Table table = Table.docker(columns.stream().map(Column::header).toList());
                for (JsonNode item : items) {
                    JsonNode r = row.apply(item);
                    table.row(columns.stream().map(c -> r.path(c.field()).asText()).toList());
                }
                table.print(out);
            }
            default -> {
                GoTemplate template = GoTemplate.parse(format);
                items.forEach(item -> out.println(template.render(row.apply(item))));
            }
        }
    }
}
