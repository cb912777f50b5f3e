package dev.berth.cli;

import dev.berth.client.ApiPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth commit [-m MSG] [-p] [-c CHANGE]... CONTAINER [REPOSITORY[:TAG]]}: POST /commit; prints the new image's id. */
@Command(name = "commit", description = "Create a new image from a container's changes")
final class CommitCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-m", "--message"}, description = "Commit message")
    String message = "";

    @Option(names = {"-p", "--pause"}, arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Pause container during commit (default true)")
    boolean pause;

    @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION",
            description = "Apply a Dockerfile instruction to the image's config (CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL,"
                    + " ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR)")
    List<String> changes = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    Optional<String> reference = Optional.empty();

    CommitCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ApiPath path = ApiPath.of("/commit").param("container", container).param("comment", message)
                .param("pause", pause ? "1" : "0");
        changes.forEach(change -> path.param("changes", change));
        reference.map(ImageName::parse).ifPresent(n -> path.param("repo", n.repository()).param("tag", n.tag()));
        ctx.out().println(ctx.client().post(path).path("Id").asText());
        return ExitCodes.OK;
    }
}
