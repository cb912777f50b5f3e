package dev.berth.cli;

import dev.berth.client.ApiPath;
import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth pause|unpause NAME...}: POST /containers/{name}/{action}, printing each name. */
@Command(description = "Pause or unpause all processes within one or more containers")
final class ContainerAction implements Callable<Integer> {
    private final CliContext ctx;
    private final String action;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    ContainerAction(CliContext ctx, String action) {
        this.ctx = ctx;
        this.action = action;
    }

    @Override
    public Integer call() {
        return Targets.forEach(ctx, containers, name -> {
            ctx.client().post(ApiPath.of("/containers/%s/" + action, name));
            ctx.out().println(name);
        });
    }

    /** Docker's 304 means "already in that state", which {@code stop} and {@code start} report as success. */
    static void postIgnoringNotModified(CliContext ctx, ApiPath path) {
        try {
            ctx.client().post(path);
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.NOT_MODIFIED) {
                throw e;
            }
        }
    }
}
