package dev.berth.cli;

import dev.berth.client.ApiPath;
import dev.berth.client.RequestBody;
import dev.berth.client.Response;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth push [-q] NAME[:TAG]}: POST /images/{name}/push?tag=, progress shown, digest printed. */
@Command(name = "push", description = "Upload an image to a registry")
final class PushCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "NAME[:TAG]")
    String name;

    PushCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ImageName image = ImageName.parse(name);
        ApiPath path = ApiPath.of("/images/%s/push", image.repository()).param("tag", image.tag());
        ProgressPrinter printer = new ProgressPrinter(ctx.out(), ctx.isTerminal(1));
        try (Response r = ctx.client().send("POST", path, RequestBody.empty(), RegistryLogin.header(image.repository()))) {
            r.jsonLines(message -> {
                if (!quiet || message.hasNonNull("error")) {
                    printer.print(message);
                }
            });
        }
        if (quiet) {
            ctx.out().println(image.repository() + ":" + image.tag());
        }
        return ExitCodes.OK;
    }
}
