package dev.berth.cli;

import dev.berth.client.ApiPath;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth tag SRC DST}: POST /images/{src}/tag?repo=REPO&tag=TAG (TAG defaults to latest). */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
final class TagCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE")
    String target;

    TagCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ImageName name = ImageName.parse(target);
        ctx.client().post(ApiPath.of("/images/%s/tag", source).param("repo", name.repository()).param("tag", name.tag()));
        return ExitCodes.OK;
    }
}
