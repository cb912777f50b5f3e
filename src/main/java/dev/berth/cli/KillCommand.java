package dev.berth.cli;

import dev.berth.client.ApiPath;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth kill [-s SIG] NAME...}: POST /containers/{name}/kill[?signal=SIG]. */
@Command(name = "kill", description = "Kill one or more running containers")
final class KillCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-s", "--signal"}, description = "Signal to send to the container (default KILL)")
    Optional<String> signal = Optional.empty();

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    KillCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return Targets.forEach(ctx, containers, name -> {
            ApiPath path = ApiPath.of("/containers/%s/kill", name);
            signal.ifPresent(s -> path.param("signal", s));
            ctx.client().post(path);
            ctx.out().println(name);
        });
    }
}
