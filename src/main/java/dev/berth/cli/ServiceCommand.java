package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import dev.berth.common.BerthException;
import dev.berth.common.ByteSize;
import dev.berth.common.GoDuration;
import dev.berth.common.Json;
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

        @Option(names = "--image", description = "Service image tag")
        String image;

        @Option(names = "--replicas", description = "Number of tasks")
        Integer replicas;

        @Option(names = "--env-add", paramLabel = "KEY=VALUE", description = "Add or update an environment variable")
        List<String> envAdd = new ArrayList<>();

        @Option(names = "--env-rm", paramLabel = "KEY", description = "Remove an environment variable")
        List<String> envRm = new ArrayList<>();

        @Option(names = "--container-label-add", paramLabel = "KEY=VALUE", description = "Add or update a container label")
        List<String> labelAdd = new ArrayList<>();

        @Option(names = "--container-label-rm", paramLabel = "KEY", description = "Remove a container label by its key")
        List<String> labelRm = new ArrayList<>();

        @Option(names = "--limit-cpu", description = "Limit CPUs")
        String limitCpu;

        @Option(names = "--limit-memory", description = "Limit Memory")
        String limitMemory;

        @Option(names = "--update-parallelism", description = "Maximum number of tasks updated simultaneously (0 to update all at once)")
        Integer updateParallelism;

        @Option(names = "--update-delay", description = "Delay between updates (ns|us|ms|s|m|h)")
        String updateDelay;

        @Option(names = "--update-order", description = "Update order (\"start-first\", \"stop-first\")")
        String updateOrder;

        @Option(names = "--update-failure-action", description = "Action on update failure (\"pause\", \"continue\", \"rollback\")")
        String updateFailureAction;

        @Parameters(index = "0", paramLabel = "SERVICE")
        String name;

        Update(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ObjectNode body = Json.object();
            putIfSet(body, "Image", image);
            if (replicas != null) {
                body.put("Replicas", replicas);
            }
            body.set("EnvAdd", Json.MAPPER.valueToTree(envAdd));
            body.set("EnvRm", Json.MAPPER.valueToTree(envRm));
            body.set("ContainerLabelAdd", Json.MAPPER.valueToTree(labelAdd));
            body.set("ContainerLabelRm", Json.MAPPER.valueToTree(labelRm));
            if (limitCpu != null) {
                body.put("LimitNanoCpus", NanoCpus.parse(limitCpu));
            }
            if (limitMemory != null) {
                body.put("LimitMemoryBytes", ByteSize.parse(limitMemory, "--limit-memory"));
            }
            if (updateParallelism != null) {
                body.put("UpdateParallelism", updateParallelism);
            }
            if (updateDelay != null) {
                body.put("UpdateDelayNanos", GoDuration.parse(updateDelay).orElseThrow(() -> BerthException.invalid(
                        "invalid argument \"" + updateDelay + "\" for --update-delay: want a duration such as 10s or 1m30s")).toNanos());
            }
            putIfSet(body, "UpdateOrder", updateOrder);
            putIfSet(body, "UpdateFailureAction", updateFailureAction);
            ctx.client().post(ApiPath.of("/berth/v1/services/%s/update", name), body);
            ctx.out().println(name);
            return ExitCodes.OK;
        }

        private static void putIfSet(ObjectNode body, String field, String value) {
            if (value != null) {
                body.put(field, value);
            }
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
