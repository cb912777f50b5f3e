package dev.berth.cli;

import dev.berth.client.ApiPath;
import dev.berth.client.RequestBody;
import dev.berth.client.Response;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth wait NAME...}: POST /containers/{name}/wait, printing each StatusCode. */
@Command(name = "wait", description = "Block until one or more containers stop, then print their exit codes")
final class WaitCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    WaitCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return Targets.forEach(ctx, containers, name -> {
            try (Response r = ctx.client().send("POST", ApiPath.of("/containers/%s/wait", name), RequestBody.empty())) {
                ctx.out().println(ContainerSession.statusCode(r));
            }
        });
    }
}
