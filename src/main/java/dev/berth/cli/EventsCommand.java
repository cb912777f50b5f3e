package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import dev.berth.client.RequestBody;
import dev.berth.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth events [--since] [--until] [-f] [--format]}: GET /events, one line per event as docker prints it
 * ("TIME TYPE ACTION ID (key=value, ...)"), until {@code --until} or Ctrl-C.
 */
@Command(name = "events", description = "Get real time events from the server")
final class EventsCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--since", description = "Show all events created since timestamp")
    Optional<String> since = Optional.empty();

    @Option(names = "--until", description = "Stream events until this timestamp")
    Optional<String> until = Optional.empty();

    @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided (e.g. container=web)")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", description = "Format the output using a Go template, or json")
    Optional<String> format = Optional.empty();

    EventsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Instant now = Instant.now();
        ApiPath path = ApiPath.of("/events");
        since.ifPresent(s -> path.param("since", TimeArgument.parse(s, now, "--since")));
        until.ifPresent(u -> path.param("until", TimeArgument.parse(u, now, "--until")));
        Filters.addTo(path, filters);
        Optional<GoTemplate> template = format.filter(f -> !f.equals("json")).map(GoTemplate::parse);
        try (Response events = ctx.client().send("GET", path, RequestBody.empty())) {
            events.jsonLines(e -> {
                ctx.out().println(format.isEmpty() ? line(e) : template.map(t -> t.render(e)).orElseGet(e::toString));
                ctx.out().flush();
            });
        }
        return ExitCodes.OK;
    }

    /** docker's default line: the time with nanoseconds, type, action, actor id and its sorted attributes. */
    static String line(JsonNode e) {
        long nanos = e.path("timeNano").asLong();
        Instant at = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        List<String> attributes = new ArrayList<>();
        e.path("Actor").path("Attributes").fields().forEachRemaining(a -> attributes.add(a.getKey() + "=" + a.getValue().asText()));
        attributes.sort(null);
        return at + " " + e.path("Type").asText() + " " + e.path("Action").asText() + " " + e.path("Actor").path("ID").asText()
                + (attributes.isEmpty() ? "" : " (" + String.join(", ", attributes) + ")");
    }
}
