package dev.berth.cli;

import dev.berth.client.ApiPath;
import dev.berth.client.MultiplexedStream;
import dev.berth.client.RequestBody;
import dev.berth.client.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth logs}: GET /containers/{name}/logs?stdout=1&stderr=1[&follow=1][&tail=N][&since=S][&until=S]
 * [&timestamps=1], with times sent as unix seconds; the stream is demuxed to stdout and stderr.
 */
@Command(name = "logs", description = "Fetch the logs of a container")
final class LogsCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-f", "--follow"}, description = "Follow log output")
    boolean follow;

    @Option(names = {"-n", "--tail"}, description = "Number of lines to show from the end of the logs (or all)")
    String tail = "all";

    @Option(names = "--since", description = "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m)")
    Optional<String> since = Optional.empty();

    @Option(names = "--until", description = "Show logs before a timestamp or relative time")
    Optional<String> until = Optional.empty();

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
    boolean timestamps;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    LogsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (!tail.equals("all") && !tail.matches("-?\\d+")) {
            throw dev.berth.common.BerthException.invalid("invalid --tail '" + tail + "': want a number of lines or all");
        }
        Instant now = Instant.now();
        ApiPath path = ApiPath.of("/containers/%s/logs", container).flag("stdout", true).flag("stderr", true)
                .flag("follow", follow).param("tail", tail).flag("timestamps", timestamps);
        since.ifPresent(s -> path.param("since", TimeArgument.parse(s, now, "--since")));
        until.ifPresent(u -> path.param("until", TimeArgument.parse(u, now, "--until")));
        try (Response r = ctx.client().send("GET", path, RequestBody.empty())) {
            MultiplexedStream.copy(r.contentType(), r.body(), ctx.out(), ctx.err());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the logs failed: " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }
}
