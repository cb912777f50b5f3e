package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import dev.berth.client.HijackedStream;
import dev.berth.client.RequestBody;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth exec}: POST /containers/{name}/exec, then POST /exec/{id}/start hijacked ({@code -d}: detached,
 * plain), then GET /exec/{id}/json for the exit code, which becomes ours.
 */
@Command(name = "exec", description = "Execute a command in a running container")
final class ExecCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProcessOptions process;

    @Option(names = {"-d", "--detach"}, description = "Detached mode: run command in the background")
    boolean detach;

    @Option(names = {"-e", "--env"}, description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
    List<String> command;

    ExecCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String id = ctx.client().post(ApiPath.of("/containers/%s/exec", container), createBody()).path("Id").asText();
        ObjectNode start = Json.object().put("Detach", detach).put("Tty", process.tty);
        ApiPath startPath = ApiPath.of("/exec/%s/start", id);
        if (detach) {
            startOrFail(() -> ctx.client().post(startPath, start));
            return ExitCodes.OK;
        }
        HijackedStream stream = startOrFail(() -> ctx.client().hijack(startPath, RequestBody.json(start)));
        Optional<LocalTerminal> terminal = LocalTerminal.rawIfInteractive(process.tty, process.interactive);
        try (stream) {
            terminal.ifPresent(t -> t.follow(ctx.client(), "/exec/%s/resize", id));
            StreamPump.pump(ctx, stream, process.interactive, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            terminal.ifPresent(LocalTerminal::close);
        }
        JsonNode exec = ctx.client().get(ApiPath.of("/exec/%s/json", id));
        return exec.path("ExitCode").isIntegralNumber() ? exec.path("ExitCode").asInt() : ExitCodes.ENGINE_ERROR;
    }

    ObjectNode createBody() {
        ObjectNode body = Json.object();
        process.putAttach(body, !detach);
        command.forEach(body.putArray("Cmd")::add);
        var envArray = body.putArray("Env");
        ContainerOptions.keyValues(env, "--env").forEach(kv -> envArray.add(kv.getFirst() + "=" + kv.getLast()));
        process.user.ifPresent(u -> body.put("User", u));
        process.workdir.ifPresent(w -> body.put("WorkingDir", w));
        return body;
    }

    private static <T> T startOrFail(java.util.function.Supplier<T> start) {
        try {
            return start.get();
        } catch (BerthException e) {
            throw new StartFailure(e);
        }
    }
}
