package dev.berth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The root: global options (as docker's, they go before the command), and the usage when no command is given. */
@Command(name = "berth", synopsisSubcommandLabel = "COMMAND",
        description = "Run OCI images as containers or virtual machines; talks to berthd over its unix socket.")
final class BerthCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    BerthCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Option(names = {"-H", "--host"}, paramLabel = "unix://PATH",
            description = "Daemon socket to connect to (default: $BERTH_HOST, else unix:///run/berth/berth.sock)")
    void host(String host) {
        ctx.host(host);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(ctx.out());
        return ExitCodes.OK;
    }
}
