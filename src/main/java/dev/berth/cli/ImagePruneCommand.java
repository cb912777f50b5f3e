package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth image prune}: POST /images/prune (with {@code -a}: filters={"dangling":["false"]}), after a y/N prompt unless -f. */
@Command(name = "prune", description = "Remove unused images")
final class ImagePruneCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just dangling ones")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    ImagePruneCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        if (!force && !Confirmation.ask(ctx, all
                ? "WARNING! This will remove all images without at least one container associated to them."
                : "WARNING! This will remove all dangling images.")) {
            return ExitCodes.OK;
        }
        ApiPath path = ApiPath.of("/images/prune");
        if (all) {
            Filters.addTo(path, List.of("dangling=false"));
        }
        JsonNode report = ctx.client().post(path);
        if (report.path("ImagesDeleted").size() > 0) {
            ctx.out().println("Deleted Images:");
            report.path("ImagesDeleted").forEach(line ->
                    line.properties().forEach(e -> ctx.out().println(e.getKey().toLowerCase(java.util.Locale.ROOT) + ": " + e.getValue().asText())));
            ctx.out().println();
        }
        ctx.out().println("Total reclaimed space: " + Human.decimalSize(report.path("SpaceReclaimed").asLong()));
        return ExitCodes.OK;
    }
}
