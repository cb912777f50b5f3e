package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth volume ls}: GET /volumes[?filters=…] → {"Volumes":[…]}, as DRIVER / VOLUME NAME. */
@Command(name = "ls", description = "List volumes")
final class VolumeLsCommand implements Callable<Integer> {
    private static final List<ListingFormat.Column> COLUMNS = List.of(
            new ListingFormat.Column("DRIVER", "Driver"), new ListingFormat.Column("VOLUME NAME", "Name"));

    private final CliContext ctx;

    @Option(names = {"-q", "--quiet"}, description = "Only display volume names")
    boolean quiet;

    @Option(names = {"-f", "--filter"}, description = "Provide filter values (e.g. dangling=true)")
    List<String> filters = new ArrayList<>();

    @Mixin
    ListingFormat format;

    VolumeLsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ApiPath path = ApiPath.of("/volumes");
        Filters.addTo(path, filters);
        List<JsonNode> volumes = new ArrayList<>();
        ctx.client().get(path).path("Volumes").forEach(volumes::add);
        if (quiet) {
            volumes.forEach(v -> ctx.out().println(v.path("Name").asText()));
        } else {
            format.print(ctx.out(), volumes, COLUMNS, v -> v);
        }
        return ExitCodes.OK;
    }
}
