package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth update [OPTIONS] CONTAINER...}: POST /containers/{id}/update with the limits given (the rest stay),
 * applied at once to running containers; prints each name, as docker does.
 */
@Command(name = "update", description = "Update configuration of one or more containers")
final class UpdateCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    LimitOptions limits;

    @Option(names = "--cpu-quota", description = "Limit CPU CFS (Completely Fair Scheduler) quota")
    Optional<Long> cpuQuota = Optional.empty();

    @Option(names = "--cpu-period", description = "Limit CPU CFS (Completely Fair Scheduler) period")
    Optional<Long> cpuPeriod = Optional.empty();

    @Option(names = "--restart", description = "Restart policy to apply when a container exits")
    Optional<String> restart = Optional.empty();

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    UpdateCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ObjectNode body = body();
        if (body.isEmpty()) {
            throw BerthException.invalid("you must provide one or more flags when using this command");
        }
        return Targets.forEach(ctx, containers, name -> {
            ctx.client().post(ApiPath.of("/containers/%s/update", name), body);
            ctx.out().println(name);
        });
    }

    /** Docker's UpdateConfig with only the flags given. */
    ObjectNode body() {
        ObjectNode body = Json.object();
        limits.putInto(body);
        cpuQuota.ifPresent(q -> body.put("CpuQuota", q));
        cpuPeriod.ifPresent(p -> body.put("CpuPeriod", p));
        restart.ifPresent(r -> body.set("RestartPolicy", RestartPolicy.parse(r).toJson()));
        return body;
    }
}
