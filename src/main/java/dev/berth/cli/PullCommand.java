package dev.berth.cli;

import dev.berth.client.ApiPath;
import dev.berth.client.RequestBody;
import dev.berth.client.Response;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth pull [--platform P] [-a] [-q] NAME[:TAG|@DIGEST]}: POST /images/create?fromImage=&tag=, progress shown. */
@Command(name = "pull", description = "Download an image from a registry")
final class PullCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--platform", description = "Set platform if server is multi-platform capable (os/arch[/variant])")
    String platform = "";

    @Option(names = {"-a", "--all-tags"}, description = "Download all tagged images in the repository")
    boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]")
    String name;

    PullCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        int at = name.indexOf('@');
        String repository = at >= 0 ? name.substring(0, at) : ImageName.parse(name).repository();
        String tag = at >= 0 ? name.substring(at + 1) : allTags ? "" : ImageName.parse(name).tag();
        ApiPath path = ApiPath.of("/images/create").param("fromImage", repository).param("tag", tag);
        if (!platform.isEmpty()) {
            path = path.param("platform", platform);
        }
        ProgressPrinter printer = new ProgressPrinter(ctx.out(), ctx.isTerminal(1));
        try (Response r = ctx.client().send("POST", path, RequestBody.empty(), RegistryLogin.header(repository))) {
            r.jsonLines(message -> {
                if (!quiet || message.hasNonNull("error")) {
                    printer.print(message);
                }
            });
        }
        if (quiet) {
            ctx.out().println(at >= 0 || allTags ? name : repository + ":" + tag);
        }
        return ExitCodes.OK;
    }
}
