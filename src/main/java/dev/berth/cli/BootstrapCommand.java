package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth image bootstrap busybox|debian[:SUITE]}: POST /berth/v1/images/bootstrap?name=NAME, built by the daemon
 * without a registry (debian from the package tarball scripts/setup.sh fetched).
 */
@Command(name = "bootstrap", description = "Build a base image without a registry: busybox (from the host's busybox-static) or debian[:SUITE] (debootstrap, with systemd)")
final class BootstrapCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "NAME", description = "The image to bootstrap: busybox, debian or debian:SUITE")
    String name;

    BootstrapCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        JsonNode image = ctx.client().post(ApiPath.of("/berth/v1/images/bootstrap").param("name", name));
        ctx.out().println(image.path("RepoTags").path(0).asText(name + ":latest") + " " + image.path("Id").asText());
        return ExitCodes.OK;
    }
}
