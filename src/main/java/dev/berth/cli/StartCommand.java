package dev.berth.cli;

import dev.berth.client.ApiPath;
import dev.berth.common.BerthException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth start [-a] [-i] NAME...}: POST start for each; {@code -a} runs one container in the foreground. */
@Command(name = "start", description = "Start one or more stopped containers")
final class StartCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals")
    boolean attach;

    @Option(names = {"-i", "--interactive"}, description = "Attach container's STDIN")
    boolean interactive;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    StartCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (attach || interactive) {
            if (containers.size() > 1) {
                throw BerthException.invalid("you cannot start and attach multiple containers at once");
            }
            String name = containers.getFirst();
            boolean tty = ctx.client().get(ApiPath.of("/containers/%s/json", name)).path("Config").path("Tty").asBoolean();
            return ContainerSession.startAttached(ctx, name, interactive, tty);
        }
        return Targets.forEach(ctx, containers, name -> {
            ContainerAction.postIgnoringNotModified(ctx, ApiPath.of("/containers/%s/start", name));
            ctx.out().println(name);
        });
    }
}
