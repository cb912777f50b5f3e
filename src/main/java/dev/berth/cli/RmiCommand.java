package dev.berth.cli;

import dev.berth.client.ApiPath;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth rmi} / {@code image rm}: DELETE /images/{name}[?force=1], printing Untagged:/Deleted: lines. */
@Command(name = "rmi", description = "Remove one or more images")
final class RmiCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-f", "--force"}, description = "Force removal of the image")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    RmiCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return Targets.forEach(ctx, images, name ->
                ctx.client().delete(ApiPath.of("/images/%s", name).flag("force", force)).forEach(line -> {
                    line.properties().forEach(e -> ctx.out().println(e.getKey() + ": " + e.getValue().asText()));
                }));
    }
}
