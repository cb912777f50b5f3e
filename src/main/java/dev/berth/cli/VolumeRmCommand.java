package dev.berth.cli;

import dev.berth.client.ApiPath;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth volume rm [-f] NAME...}: DELETE /volumes/{name}[?force=1]. */
@Command(name = "rm", description = "Remove one or more volumes")
final class VolumeRmCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-f", "--force"}, description = "Force the removal of one or more volumes")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "VOLUME")
    List<String> volumes;

    VolumeRmCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return Targets.forEach(ctx, volumes, name -> {
            ctx.client().delete(ApiPath.of("/volumes/%s", name).flag("force", force));
            ctx.out().println(name);
        });
    }
}
