package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import dev.berth.common.BerthException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth run}: create, then either start and print the id ({@code -d}) or run in the foreground and exit
 * with the container's status.
 */
@Command(name = "run", description = "Create and run a new container from an image")
final class RunCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ContainerOptions options;

    @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
    boolean detach;

    RunCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String id = create(ctx, options, !detach);
        if (detach) {
            try {
                ctx.client().post(ApiPath.of("/containers/%s/start", id));
            } catch (BerthException e) {
                throw new StartFailure(e);
            }
            ctx.out().println(id);
            return ExitCodes.OK;
        }
        return ContainerSession.startAttached(ctx, id, options.process.interactive, options.process.tty);
    }

    /** POST /containers/create; prints the daemon's warnings to stderr as Docker does. */
    static String create(CliContext ctx, ContainerOptions options, boolean attached) {
        ApiPath path = ApiPath.of("/containers/create");
        if (!options.name.isEmpty()) {
            path.param("name", options.name);
        }
        JsonNode created = ctx.client().post(path, options.createBody(attached, ctx::env, Path.of("").toAbsolutePath()));
        created.path("Warnings").forEach(w -> ctx.err().println("WARNING: " + w.asText()));
        return created.path("Id").asText();
    }
}
