package dev.berth.cli;

import java.util.concurrent.Callable;
import dev.berth.common.DetachKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth attach NAME}: hijacked POST /containers/{name}/attach, then exits with the container's status. */
@Command(name = "attach", description = "Attach local standard input, output, and error streams to a running container")
final class AttachCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--detach-keys", description = "Override the key sequence for detaching a container (default: ctrl-p,ctrl-q)")
    String detachKeys = DetachKeys.DEFAULT;

    @Option(names = "--no-stdin", description = "Do not attach STDIN")
    boolean noStdin;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    AttachCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return ContainerSession.attach(ctx, container, !noStdin, DetachKeys.parse(detachKeys));
    }
}
