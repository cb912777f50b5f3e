package dev.berth.cli;

import dev.berth.client.ApiPath;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth rm [-f] [-v] NAME...}: DELETE /containers/{name}[?force=1][&v=1]. */
@Command(name = "rm", description = "Remove one or more containers")
final class RmCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-f", "--force"}, description = "Force the removal of a running container (uses SIGKILL)")
    boolean force;

    @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes associated with the container")
    boolean volumes;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    RmCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return Targets.forEach(ctx, containers, name -> {
            ctx.client().delete(ApiPath.of("/containers/%s", name).flag("force", force).flag("v", volumes));
            ctx.out().println(name);
        });
    }
}
