package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.client.ApiPath;
import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import dev.berth.common.Json;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth inspect NAME...}: GET /containers/{name}/json, on 404 GET /images/{name}/json, on 404 GET
 * /volumes/{name} (only one of them with {@code --type}, as {@code container|image|volume inspect} do). Prints a
 * JSON array as Docker does, or each object through {@code -f}.
 */
@Command(name = "inspect", description = "Return low-level information on Berth objects")
final class InspectCommand implements Callable<Integer> {
    private static final List<String> TYPES = List.of("container", "image", "volume", "network");

    private final CliContext ctx;

    @Option(names = {"-f", "--format"}, description = "Format output using a Go template ({{.State.Status}}) or json")
    Optional<String> format = Optional.empty();

    @Option(names = "--type", description = "Only inspect objects of this type: container, image, volume or network")
    Optional<String> type = Optional.empty();

    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    InspectCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** {@code image inspect} and {@code container inspect}: the same command tied to one object type. */
    static InspectCommand ofType(CliContext ctx, String type) {
        InspectCommand command = new InspectCommand(ctx);
        command.type = Optional.of(type);
        return command;
    }

    @Override
    public Integer call() {
        Optional<GoTemplate> template = format.filter(f -> !f.equals("json")).map(GoTemplate::parse);
        type.filter(t -> !TYPES.contains(t)).ifPresent(t -> {
            throw BerthException.invalid("unsupported --type '" + t + "' (want container, image, volume or network)");
        });
        ArrayNode found = Json.MAPPER.createArrayNode();
        int exit = Targets.forEach(ctx, names, name -> found.add(lookup(name)));
        if (format.isPresent()) {
            found.forEach(o -> ctx.out().println(template.map(t -> t.render(o)).orElseGet(() -> Json.string(o))));
        } else {
            ctx.out().println(PrettyJson.of(found));
        }
        return exit;
    }

    /** Tries each object type in Docker's order; only the last "not found" is reported, as "No such object". */
    private JsonNode lookup(String name) {
        List<String> types = type.map(List::of).orElse(TYPES);
        for (String t : types) {
            try {
                return ctx.client().get(ApiPath.of(switch (t) {
                    case "container" -> "/containers/%s/json";
                    case "image" -> "/images/%s/json";
                    case "volume" -> "/volumes/%s";
                    default -> "/networks/%s";
                }, name));
            } catch (BerthException e) {
                if (e.kind() != ErrorKind.NOT_FOUND || types.size() == 1) {
                    throw e;
                }
            }
        }
        throw BerthException.notFound("Error: No such object: " + name);
    }
}
