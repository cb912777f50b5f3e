package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import dev.berth.client.BerthClient;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code berth version}: the client block, then GET /version rendered from its Engine component as Docker does. */
@Command(name = "version", description = "Show the Berth version information")
final class VersionCommand implements Callable<Integer> {
    static final String CLIENT_VERSION = "0.1.0";
    private final CliContext ctx;

    VersionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        PrintStream out = ctx.out();
        out.println("Client:");
        line(out, " Version:", CLIENT_VERSION);
        line(out, " API version:", BerthClient.API_VERSION);
        line(out, " Java version:", System.getProperty("java.version"));
        line(out, " OS/Arch:", "linux/" + System.getProperty("os.arch").replace("x86_64", "amd64"));
        out.println();
        out.flush();
        JsonNode version = ctx.client().get(ApiPath.of("/version"));
        out.println("Server: " + version.path("Platform").path("Name").asText("Berth Engine"));
        for (JsonNode component : version.path("Components")) {
            JsonNode d = component.path("Details");
            out.println(" " + component.path("Name").asText() + ":");
            line(out, "  Version:", component.path("Version").asText());
            line(out, "  API version:", d.path("ApiVersion").asText() + " (minimum version " + d.path("MinAPIVersion").asText() + ")");
            line(out, "  Git commit:", d.path("GitCommit").asText());
            line(out, "  Built:", d.path("BuildTime").asText());
            line(out, "  OS/Arch:", d.path("Os").asText() + "/" + d.path("Arch").asText());
            line(out, "  Kernel Version:", d.path("KernelVersion").asText());
        }
        return ExitCodes.OK;
    }

    private static void line(PrintStream out, String label, String value) {
        out.println(label + " ".repeat(Math.max(1, 20 - label.length())) + value);
    }
}
