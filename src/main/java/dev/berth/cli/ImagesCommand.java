package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import dev.berth.common.Ids;
import dev.berth.common.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth images} / {@code image ls}: GET /images/json[?all=1][&filters=…], one row per tag. */
@Command(name = "images", description = "List images")
final class ImagesCommand implements Callable<Integer> {
    private static final List<ListingFormat.Column> COLUMNS = List.of(
            new ListingFormat.Column("REPOSITORY", "Repository"), new ListingFormat.Column("TAG", "Tag"),
            new ListingFormat.Column("IMAGE ID", "ID"), new ListingFormat.Column("CREATED", "CreatedSince"),
            new ListingFormat.Column("SIZE", "Size"));

    private final CliContext ctx;

    @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate images)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Mixin
    ListingQuery query;

    @Mixin
    ListingFormat format;

    ImagesCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        List<JsonNode> images = query.list(ctx, ApiPath.of("/images/json").flag("all", all));
        boolean noTrunc = query.noTrunc;
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            images.forEach(i -> ids.add(id(i.path("Id").asText(), noTrunc)));
            ids.forEach(ctx.out()::println);
            return ExitCodes.OK;
        }
        if (format.format.equals("json")) {
            format.print(ctx.out(), images, COLUMNS, i -> i);
            return ExitCodes.OK;
        }
        // A table row per tag; an untagged image shows as <none> <none>.
        List<JsonNode> rows = new ArrayList<>();
        Instant now = Instant.now();
        for (JsonNode image : images) {
            List<String> tags = new ArrayList<>();
            image.path("RepoTags").forEach(t -> tags.add(t.asText()));
            if (tags.isEmpty()) {
                tags.add("<none>:<none>");
            }
            tags.forEach(tag -> rows.add(row(image, tag, noTrunc, now)));
        }
        format.print(ctx.out(), rows, COLUMNS, r -> r);
        return ExitCodes.OK;
    }

    static ObjectNode row(JsonNode image, String repoTag, boolean noTrunc, Instant now) {
        ObjectNode row = Json.object();
        ImageName name = ImageName.parse(repoTag);
        row.put("Repository", name.repository());
        row.put("Tag", name.tag());
        row.put("ID", id(image.path("Id").asText(), noTrunc));
        Instant created = Instant.ofEpochSecond(image.path("Created").asLong());
        row.put("CreatedSince", Human.ago(created, now));
        row.put("CreatedAt", created.toString());
        row.put("Size", Human.decimalSize(image.path("Size").asLong()));
        return row;
    }

    private static String id(String id, boolean noTrunc) {
        return noTrunc ? id : Ids.shortId(id.startsWith("sha256:") ? id.substring(7) : id);
    }
}
