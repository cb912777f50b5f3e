package dev.berth.cli;

import dev.berth.client.ApiPath;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth stop} and {@code berth restart}: POST /containers/{name}/{stop|restart}[?t=N]; 304 counts as done. */
@Command(description = "Stop (or restart) one or more containers")
final class StopCommand implements Callable<Integer> {
    private final CliContext ctx;
    private final String action;

    @Option(names = {"-t", "--time"}, description = "Seconds to wait before killing the container")
    Optional<Integer> timeout = Optional.empty();

    @Option(names = {"-s", "--signal"}, description = "Signal to send to the container")
    Optional<String> signal = Optional.empty();

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    StopCommand(CliContext ctx, String action) {
        this.ctx = ctx;
        this.action = action;
    }

    @Override
    public Integer call() {
        return Targets.forEach(ctx, containers, name -> {
            ApiPath path = ApiPath.of("/containers/%s/" + action, name);
            timeout.ifPresent(t -> path.param("t", Integer.toString(t)));
            signal.ifPresent(s -> path.param("signal", s));
            ContainerAction.postIgnoringNotModified(ctx, path);
            ctx.out().println(name);
        });
    }
}
