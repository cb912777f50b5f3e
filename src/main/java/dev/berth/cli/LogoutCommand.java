package dev.berth.cli;

import dev.berth.common.CredentialFiles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth logout [SERVER]}: removes the credentials {@code berth login} stored; Docker's own file is left alone. */
@Command(name = "logout", description = "Log out from a registry")
final class LogoutCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER", description = "Registry host[:port] (default: docker.io)")
    String server = "docker.io";

    LogoutCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String registry = CredentialFiles.normalise(server);
        if (CredentialFiles.erase(CredentialFiles.berthFile(), registry)) {
            ctx.out().println("Removing login credentials for " + registry);
        } else {
            ctx.out().println("Not logged in to " + registry);
        }
        return ExitCodes.OK;
    }
}
