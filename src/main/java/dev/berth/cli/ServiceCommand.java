package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import dev.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth service ls|inspect|ps|logs|scale|update|rollback}. Services are named {@code STACK_SERVICE} as
 * in Docker, or by the bare service name when only one stack has it.
 */
final class ServiceCommand {
    private ServiceCommand() {}

    static CommandLine tree(CliContext ctx, CommandLine group) {
        return group.addSubcommand(new Ls(ctx)).addSubcommand(new Inspect(ctx)).addSubcommand(new Ps(ctx))
                .addSubcommand(new Logs(ctx)).addSubcommand(new Scale(ctx)).addSubcommand(new Update(ctx))
                .addSubcommand(new Rollback(ctx));
    }

    static JsonNode service(CliContext ctx, String name) {
        return ctx.client().get(ApiPath.of("/berth/v1/services/%s", name));
    }

    @Command(name = "ls", description = "List services")
    static final class Ls implements Callable<Integer> {
        private final CliContext ctx;

        @Mixin
        ListingFormat format;

        Ls(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ServiceTable.print(ctx, format, ApiPath.of("/berth/v1/services"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "inspect", description = "Display detailed information on one or more services")
    static final class Inspect implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(arity = "1..*", paramLabel = "SERVICE")
        List<String> names;

        Inspect(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            var all = dev.berth.common.Json.MAPPER.createArrayNode();
            names.forEach(n -> all.add(service(ctx, n)));
            ctx.out().println(PrettyJson.of(all));
            return ExitCodes.OK;
        }
    }

    @Command(name = "ps", description = "List the tasks (replicas) of one service")
    static final class Ps implements Callable<Integer> {
        private final CliContext ctx;

        @Mixin
        ListingFormat format;

        @Parameters(index = "0", paramLabel = "SERVICE")
        String name;

        Ps(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            JsonNode s = service(ctx, name);
            ReplicaTable.print(ctx, format, ReplicaTable.replicas(ctx, s.path("Stack").asText(), s.path("Service").asText(), true));
            return ExitCodes.OK;
        }
    }

    @Command(name = "logs", description = "Fetch the logs of a service")
    static final class Logs implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = {"-f", "--follow"}, description = "Follow log output")
        boolean follow;

        @Option(names = {"-n", "--tail"}, description = "Number of lines to show from the end of the logs")
        String tail = "all";

        @Parameters(index = "0", paramLabel = "SERVICE")
        String name;

        Logs(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws InterruptedException {
            JsonNode s = service(ctx, name);
            new ReplicaLogs(ctx, s.path("Stack").asText(), List.of(s.path("Service").asText()), tail).show(follow);
            return ExitCodes.OK;
        }
    }

    @Command(name = "scale", description = "Scale one or multiple replicated services")
    static final class Scale implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(arity = "1..*", paramLabel = "SERVICE=REPLICAS")
        List<String> targets;

        Scale(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            List<String> checked = new ArrayList<>();
            for (String t : targets) {
                int eq = t.lastIndexOf('=');
                if (eq <= 0 || !t.substring(eq + 1).matches("\\d+")) {
                    throw BerthException.invalid("invalid scale specifier '" + t + "': want SERVICE=REPLICAS, e.g. web=3");
                }
                checked.add(t);
            }
            return Targets.forEach(ctx, checked, t -> {
                int eq = t.lastIndexOf('=');
                ctx.client().post(ApiPath.of("/berth/v1/services/%s/scale", t.substring(0, eq)).param("replicas", t.substring(eq + 1)));
                ctx.out().println(t.substring(0, eq) + " scaled to " + t.substring(eq + 1));
            });
        }
    }

    @Command(name = "update", description = "Update a service")
    static final class Update implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = "--image", required = true, description = "Service image tag")
        String image;

        @Parameters(index = "0", paramLabel = "SERVICE")
        String name;

        Update(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ctx.client().post(ApiPath.of("/berth/v1/services/%s/update", name).param("image", image));
            ctx.out().println(name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "rollback", description = "Revert changes to a service's configuration")
    static final class Rollback implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "SERVICE")
        String name;

        Rollback(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ctx.client().post(ApiPath.of("/berth/v1/services/%s/rollback", name));
            ctx.out().println(name);
            return ExitCodes.OK;
        }
    }
}
