package dev.berth.cli;

import dev.berth.client.ApiPath;
import dev.berth.client.BerthClient;
import dev.berth.client.HijackedStream;
import dev.berth.client.RequestBody;
import dev.berth.client.Response;
import dev.berth.common.BerthException;
import dev.berth.common.DetachKeys;
import java.io.IOException;
import java.util.Optional;

/**
 * A container in the foreground ({@code run}, {@code start -a}, {@code attach}): attach first, ask to be told of
 * the next exit, start, copy output until the daemon ends the stream, then return the exit status. This is
 * docker's order; waiting before the start is what keeps a fast exit from being missed.
 */
final class ContainerSession {
    private ContainerSession() {}

    /**
     * Starts {@code id} attached and returns its exit code; start errors come as {@link StartFailure}. With
     * {@code tty} and an interactive stdin, the local terminal is raw and its size is sent to the container.
     */
    static int startAttached(CliContext ctx, String id, boolean stdin, boolean tty) {
        BerthClient client = ctx.client();
        DetachKeys keys = DetachKeys.parse(DetachKeys.DEFAULT);
        try (HijackedStream stream = client.hijack(attachPath(id, stdin, keys), RequestBody.empty());
             Response exit = client.send("POST", ApiPath.of("/containers/%s/wait", id).param("condition", "next-exit"), RequestBody.empty())) {
            try {
                client.post(ApiPath.of("/containers/%s/start", id));
            } catch (BerthException e) {
                throw new StartFailure(e);
            }
            Optional<LocalTerminal> terminal = LocalTerminal.rawIfInteractive(tty, stdin);
            try {
                terminal.ifPresent(t -> t.follow(client, "/containers/%s/resize", id));
                if (StreamPump.pump(ctx, stream, stdin, Optional.of(keys))) {
                    return ExitCodes.OK; // detached: the container runs on
                }
            } finally {
                terminal.ifPresent(LocalTerminal::close);
            }
            return statusCode(exit);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Attaches to a running container and returns its exit code once it stops, or 0 when the user detaches. */
    static int attach(CliContext ctx, String id, boolean stdin, DetachKeys keys) {
        BerthClient client = ctx.client();
        try (HijackedStream stream = client.hijack(attachPath(id, stdin, keys), RequestBody.empty())) {
            if (StreamPump.pump(ctx, stream, stdin, Optional.of(keys))) {
                return ExitCodes.OK;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (Response exit = client.send("POST", ApiPath.of("/containers/%s/wait", id), RequestBody.empty())) {
            return statusCode(exit);
        }
    }

    static int statusCode(Response wait) {
        var result = wait.json();
        if (result.path("Error").hasNonNull("Message")) {
            throw BerthException.internal("waiting for the container failed: " + result.path("Error").path("Message").asText());
        }
        return result.path("StatusCode").asInt(ExitCodes.ENGINE_ERROR);
    }

    /** The detach keys only matter, and are only sent, when our stdin goes to the container. */
    private static ApiPath attachPath(String id, boolean stdin, DetachKeys keys) {
        ApiPath path = ApiPath.of("/containers/%s/attach", id).flag("stream", true).flag("stdout", true).flag("stderr", true)
                .flag("stdin", stdin);
        return stdin ? path.param("detachKeys", keys.spec()) : path;
    }
}
