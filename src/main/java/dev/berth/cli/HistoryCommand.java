package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import dev.berth.common.Ids;
import dev.berth.common.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth history IMAGE} / {@code image history}: GET /images/{name}/history, newest step first. */
@Command(name = "history", description = "Show the history of an image")
final class HistoryCommand implements Callable<Integer> {
    /** Docker cuts CREATED BY to this many characters unless --no-trunc. */
    private static final int CREATED_BY_WIDTH = 45;
    private static final List<ListingFormat.Column> COLUMNS = List.of(
            new ListingFormat.Column("IMAGE", "ID"), new ListingFormat.Column("CREATED", "CreatedSince"),
            new ListingFormat.Column("CREATED BY", "CreatedBy"), new ListingFormat.Column("SIZE", "Size"),
            new ListingFormat.Column("COMMENT", "Comment"));

    private final CliContext ctx;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Mixin
    ListingFormat format;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    HistoryCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        JsonNode history = ctx.client().get(ApiPath.of("/images/%s/history", image));
        List<JsonNode> entries = new ArrayList<>();
        history.forEach(entries::add);
        if (quiet) {
            entries.forEach(e -> ctx.out().println(id(e.path("Id").asText())));
            return ExitCodes.OK;
        }
        Instant now = Instant.now();
        format.print(ctx.out(), entries, COLUMNS, e -> row(e, now));
        return ExitCodes.OK;
    }

    private ObjectNode row(JsonNode entry, Instant now) {
        ObjectNode row = Json.object();
        row.put("ID", id(entry.path("Id").asText()));
        row.put("CreatedSince", Human.ago(Instant.ofEpochSecond(entry.path("Created").asLong()), now));
        String createdBy = entry.path("CreatedBy").asText().replace('\t', ' ');
        row.put("CreatedBy", noTrunc || createdBy.length() <= CREATED_BY_WIDTH ? createdBy
                : createdBy.substring(0, CREATED_BY_WIDTH - 1) + "…");
        row.put("Size", Human.decimalSize(entry.path("Size").asLong()));
        row.put("Comment", entry.path("Comment").asText());
        return row;
    }

    private String id(String id) {
        if (!id.startsWith("sha256:") || noTrunc) {
            return id;
        }
        return Ids.shortId(id.substring(7));
    }
}
