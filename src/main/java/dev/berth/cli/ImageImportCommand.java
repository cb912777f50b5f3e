package dev.berth.cli;

import dev.berth.client.ApiPath;
import dev.berth.client.Response;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth import FILE|- [REPOSITORY[:TAG]]}: POST /images/create?fromSrc=-[&repo=R&tag=T] with the rootfs tar
 * as body; prints the statuses of the JSON stream, the last being the new image id.
 */
@Command(name = "import", description = "Import the contents from a tarball to create a filesystem image")
final class ImageImportCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "file|-")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    Optional<String> reference = Optional.empty();

    ImageImportCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ApiPath path = ApiPath.of("/images/create").param("fromSrc", "-");
        reference.map(ImageName::parse).ifPresent(n -> path.param("repo", n.repository()).param("tag", n.tag()));
        try (Response r = ctx.client().send("POST", path, TarInput.open(ctx, source))) {
            r.jsonLines(m -> m.path("status").asText("").lines().forEach(ctx.out()::println));
        }
        return ExitCodes.OK;
    }
}
