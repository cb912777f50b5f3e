package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import dev.berth.common.Json;
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
import picocli.CommandLine.Spec;

/**
 * {@code berth compose}: Compose's single-project flow. The project is deployed as a stack named after the
 * project, so {@code compose up} gets the same reconciler as {@code stack deploy}: replicas, health, restarts
 * and the load-balanced ports; Compose's {@code restart} key decides restarts, as in Compose.
 */
@Command(name = "compose", description = "Define and run multi-container applications", synopsisSubcommandLabel = "COMMAND")
final class ComposeCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Compose configuration files")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-p", "--project-name"}, paramLabel = "NAME", description = "Project name")
    Optional<String> projectName = Optional.empty();

    @Option(names = "--env-file", paramLabel = "FILE", description = "An alternate environment file")
    Optional<Path> envFile = Optional.empty();

    @Spec
    CommandLine.Model.CommandSpec spec;

    ComposeCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The command line with its subcommands, each sharing this command's file options. */
    static CommandLine tree(CliContext ctx) {
        ComposeCommand compose = new ComposeCommand(ctx);
        return new CommandLine(compose).addSubcommand(new Up(compose)).addSubcommand(new Down(compose))
                .addSubcommand(new Ps(compose)).addSubcommand(new Logs(compose)).addSubcommand(new Config(compose))
                .addSubcommand(new BuildImages(compose));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(ctx.out());
        return ExitCodes.OK;
    }

    ComposeProject project() {
        return ComposeFiles.load(ctx, files, projectName, envFile);
    }

    /** The project's name without loading more than needed: {@code -p}, else the files' name. */
    String name() {
        return projectName.orElseGet(() -> project().name());
    }

    @Command(name = "up", description = "Create and start containers")
    static final class Up implements Callable<Integer> {
        private final ComposeCommand compose;

        @Option(names = {"-d", "--detach"}, description = "Detached mode: run containers in the background")
        boolean detach;

        @Option(names = "--build", description = "Build images before starting containers")
        boolean build;

        Up(ComposeCommand compose) {
            this.compose = compose;
        }

        @Override
        public Integer call() throws InterruptedException, java.io.IOException {
            ComposeProject project = ComposeBuild.buildImages(compose.ctx, compose.project(), build);
            StackDeploy.deploy(compose.ctx, project.name(), project, true);
            if (detach) {
                return ExitCodes.OK;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                compose.ctx.err().println("Stopping and removing " + project.name() + "...");
                compose.ctx.client().delete(ApiPath.of("/berth/v1/stacks/%s", project.name()));
            }));
            new ReplicaLogs(compose.ctx, project.name(), List.of(), "all").show(true);
            return ExitCodes.OK;
        }
    }

    @Command(name = "down", description = "Stop and remove containers, networks")
    static final class Down implements Callable<Integer> {
        private final ComposeCommand compose;

        @Option(names = {"-v", "--volumes"}, description = "Remove named volumes declared in the volumes section")
        boolean volumes;

        Down(ComposeCommand compose) {
            this.compose = compose;
        }

        @Override
        public Integer call() {
            String name = compose.name();
            compose.ctx.client().delete(ApiPath.of("/berth/v1/stacks/%s", name).flag("volumes", volumes));
            compose.ctx.out().println("Removed " + name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "ps", description = "List containers")
    static final class Ps implements Callable<Integer> {
        private final ComposeCommand compose;

        @Option(names = {"-a", "--all"}, description = "Show all stopped containers")
        boolean all;

        @Mixin
        ListingFormat format;

        Ps(ComposeCommand compose) {
            this.compose = compose;
        }

        @Override
        public Integer call() {
            ReplicaTable.print(compose.ctx, format, ReplicaTable.replicas(compose.ctx, compose.name(), "", all));
            return ExitCodes.OK;
        }
    }

    @Command(name = "logs", description = "View output from containers")
    static final class Logs implements Callable<Integer> {
        private final ComposeCommand compose;

        @Option(names = {"-f", "--follow"}, description = "Follow log output")
        boolean follow;

        @Option(names = {"-n", "--tail"}, description = "Number of lines to show from the end of the logs for each container")
        String tail = "all";

        @Parameters(paramLabel = "SERVICE", arity = "0..*")
        List<String> services = new ArrayList<>();

        Logs(ComposeCommand compose) {
            this.compose = compose;
        }

        @Override
        public Integer call() throws InterruptedException {
            new ReplicaLogs(compose.ctx, compose.name(), services, tail).show(follow);
            return ExitCodes.OK;
        }
    }

    @Command(name = "build", description = "Build or rebuild services")
    static final class BuildImages implements Callable<Integer> {
        private final ComposeCommand compose;

        BuildImages(ComposeCommand compose) {
            this.compose = compose;
        }

        @Override
        public Integer call() throws java.io.IOException {
            ComposeBuild.buildImages(compose.ctx, compose.project(), true);
            return ExitCodes.OK;
        }
    }

    @Command(name = "config", description = "Parse, resolve and render the compose files as JSON (secret values left out)")
    static final class Config implements Callable<Integer> {
        private final ComposeCommand compose;

        Config(ComposeCommand compose) {
            this.compose = compose;
        }

        @Override
        public Integer call() {
            ObjectNode tree = Json.MAPPER.valueToTree(compose.project());
            tree.path("secrets").forEach(secret -> ((ObjectNode) secret).remove("content"));
            compose.ctx.out().println(PrettyJson.of(tree));
            return ExitCodes.OK;
        }
    }
}
