package dev.berth.cli;

import dev.berth.client.ApiPath;
import dev.berth.client.RequestBody;
import dev.berth.common.BerthException;
import dev.berth.common.CredentialFiles;
import dev.berth.common.RegistryAuth;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth login [-u USER] [-p PASS | --password-stdin] [SERVER]}: the daemon checks the credentials with the
 * registry (POST /auth), then they are stored in Berth's credential file for later pulls and pushes.
 */
@Command(name = "login", description = "Authenticate to a registry")
final class LoginCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-u", "--username"}, description = "Username")
    String username = "";

    @Option(names = {"-p", "--password"}, description = "Password (visible to other users of this machine; prefer --password-stdin)")
    String password = "";

    @Option(names = "--password-stdin", description = "Take the password from stdin")
    boolean passwordStdin;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER", description = "Registry host[:port] (default: docker.io)")
    String server = "docker.io";

    LoginCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String registry = CredentialFiles.normalise(server);
        RegistryAuth auth = RegistryAuth.basic(username.isEmpty() ? prompt("Username: ") : username, password());
        ctx.client().send("POST", ApiPath.of("/auth"), new RequestBody.Bytes(RegistryLogin.loginBody(auth, registry),
                "application/json")).close();
        CredentialFiles.store(CredentialFiles.berthFile(), registry, auth);
        ctx.out().println("Login Succeeded");
        return ExitCodes.OK;
    }

    private String password() {
        if (passwordStdin) {
            if (!password.isEmpty()) {
                throw BerthException.invalid("--password and --password-stdin are mutually exclusive");
            }
            try {
                String line = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).readLine();
                return line == null ? "" : line.strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the password from stdin", e);
            }
        }
        if (!password.isEmpty()) {
            ctx.err().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
            return password;
        }
        Console console = System.console();
        if (console == null) {
            throw BerthException.invalid("cannot ask for a password without a terminal; use --password-stdin");
        }
        return new String(console.readPassword("Password: "));
    }

    private String prompt(String question) {
        Console console = System.console();
        if (console == null) {
            throw BerthException.invalid("cannot ask for a user name without a terminal; use -u USER");
        }
        return console.readLine(question);
    }
}
