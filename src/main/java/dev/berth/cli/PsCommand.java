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

/** {@code berth ps}: GET /containers/json[?all=1][&filters={"k":["v"]}] as Docker's table. */
@Command(name = "ps", description = "List containers")
final class PsCommand implements Callable<Integer> {
    private static final List<ListingFormat.Column> COLUMNS = List.of(
            new ListingFormat.Column("CONTAINER ID", "ID"), new ListingFormat.Column("IMAGE", "Image"),
            new ListingFormat.Column("COMMAND", "Command"), new ListingFormat.Column("CREATED", "RunningFor"),
            new ListingFormat.Column("STATUS", "Status"), new ListingFormat.Column("PORTS", "Ports"),
            new ListingFormat.Column("NAMES", "Names"));

    private final CliContext ctx;

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs")
    boolean quiet;

    @Mixin
    ListingQuery query;

    @Mixin
    ListingFormat format;

    PsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        List<JsonNode> containers = query.list(ctx, ApiPath.of("/containers/json").flag("all", all));
        boolean noTrunc = query.noTrunc;
        if (quiet) {
            containers.forEach(c -> ctx.out().println(noTrunc ? c.path("Id").asText() : Ids.shortId(c.path("Id").asText())));
            return ExitCodes.OK;
        }
        Instant now = Instant.now();
        format.print(ctx.out(), containers, COLUMNS, c -> row(c, noTrunc, now));
        return ExitCodes.OK;
    }

    /** Docker's placeholders for one container ({@code .ID}, {@code .Names}, {@code .RunningFor}…). */
    static ObjectNode row(JsonNode c, boolean noTrunc, Instant now) {
        ObjectNode row = Json.object();
        String id = c.path("Id").asText();
        row.put("ID", noTrunc ? id : Ids.shortId(id));
        String image = c.path("Image").asText();
        row.put("Image", !noTrunc && image.startsWith("sha256:") ? Ids.shortId(image.substring(7)) : image);
        String command = c.path("Command").asText();
        row.put("Command", "\"" + (noTrunc ? command : ellipsis(command, 20)) + "\"");
        Instant created = Instant.ofEpochSecond(c.path("Created").asLong());
        row.put("CreatedAt", created.toString());
        row.put("RunningFor", Human.ago(created, now));
        row.put("Ports", ports(c.path("Ports")));
        row.put("State", c.path("State").asText());
        row.put("Status", c.path("Status").asText());
        List<String> names = new ArrayList<>();
        c.path("Names").forEach(n -> names.add(n.asText().startsWith("/") ? n.asText().substring(1) : n.asText()));
        row.put("Names", String.join(",", names));
        row.set("Labels", c.path("Labels").isObject() ? c.get("Labels") : Json.object());
        return row;
    }

    /** Docker's {@code formatter.Ellipsis}: cut to {@code max} characters, the last one an ellipsis. */
    static String ellipsis(String text, int max) {
        return text.codePointCount(0, text.length()) <= max
                ? text
                : text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** "0.0.0.0:8080->80/tcp, 443/tcp". */
    static String ports(JsonNode ports) {
        List<String> shown = new ArrayList<>();
        for (JsonNode p : ports) {
            String container = p.path("PrivatePort").asInt() + "/" + p.path("Type").asText("tcp");
            shown.add(p.hasNonNull("PublicPort") && p.path("PublicPort").asInt() != 0
                    ? p.path("IP").asText("0.0.0.0") + ":" + p.path("PublicPort").asInt() + "->" + container
                    : container);
        }
        return String.join(", ", shown);
    }
}
