package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import dev.berth.compose.ComposeProject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth stack deploy|ls|ps|services|rm}, as {@code docker stack} on a one-node swarm. */
final class StackCommand {
    private StackCommand() {}

    static CommandLine tree(CliContext ctx, CommandLine group) {
        return group.addSubcommand(new Deploy(ctx)).addSubcommand(new Ls(ctx)).addSubcommand(new Ps(ctx))
                .addSubcommand(new Services(ctx)).addSubcommand(new Rm(ctx));
    }

    @Command(name = "deploy", description = "Deploy a new stack or update an existing stack")
    static final class Deploy implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = {"-c", "--compose-file"}, paramLabel = "FILE", required = true, description = "Path to a Compose file")
        List<Path> files = new ArrayList<>();

        @Parameters(index = "0", paramLabel = "STACK")
        String name;

        Deploy(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ComposeProject project = ComposeFiles.load(ctx, files, Optional.of(name), Optional.empty());
            StackDeploy.deploy(ctx, name, project, false);
            return ExitCodes.OK;
        }
    }

    @Command(name = "ls", description = "List stacks")
    static final class Ls implements Callable<Integer> {
        private final CliContext ctx;

        @Mixin
        ListingFormat format;

        Ls(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            List<JsonNode> stacks = new ArrayList<>();
            ctx.client().get(ApiPath.of("/berth/v1/stacks")).forEach(stacks::add);
            format.print(ctx.out(), stacks, List.of(new ListingFormat.Column("NAME", "Name"),
                    new ListingFormat.Column("SERVICES", "Services")), s -> s);
            return ExitCodes.OK;
        }
    }

    @Command(name = "ps", description = "List the tasks in the stack")
    static final class Ps implements Callable<Integer> {
        private final CliContext ctx;

        @Mixin
        ListingFormat format;

        @Parameters(index = "0", paramLabel = "STACK")
        String name;

        Ps(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ctx.client().get(ApiPath.of("/berth/v1/services").param("stack", name)); // an unknown stack is an error, not an empty table
            ReplicaTable.print(ctx, format, ReplicaTable.replicas(ctx, name, "", true));
            return ExitCodes.OK;
        }
    }

    @Command(name = "services", description = "List the services in the stack")
    static final class Services implements Callable<Integer> {
        private final CliContext ctx;

        @Mixin
        ListingFormat format;

        @Parameters(index = "0", paramLabel = "STACK")
        String name;

        Services(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ServiceTable.print(ctx, format, ApiPath.of("/berth/v1/services").param("stack", name));
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", description = "Remove one or more stacks")
    static final class Rm implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(arity = "1..*", paramLabel = "STACK")
        List<String> names;

        Rm(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            return Targets.forEach(ctx, names, name -> {
                ctx.client().delete(ApiPath.of("/berth/v1/stacks/%s", name));
                ctx.out().println("Removing stack " + name);
            });
        }
    }
}
