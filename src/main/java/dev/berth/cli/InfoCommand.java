package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth info}: GET /info, its key fields as Docker lays them out, or {@code -f} through a template. */
@Command(name = "info", description = "Display system-wide information")
final class InfoCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-f", "--format"}, description = "Format output using a Go template ({{.NCPU}}) or json")
    Optional<String> format = Optional.empty();

    InfoCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        JsonNode info = ctx.client().get(ApiPath.of("/info"));
        PrintStream out = ctx.out();
        if (format.isPresent()) {
            out.println(format.get().equals("json") ? dev.berth.common.Json.string(info) : GoTemplate.parse(format.get()).render(info));
            return ExitCodes.OK;
        }
        out.println("Server:");
        out.println(" Containers: " + info.path("Containers").asLong());
        out.println("  Running: " + info.path("ContainersRunning").asLong());
        out.println("  Paused: " + info.path("ContainersPaused").asLong());
        out.println("  Stopped: " + info.path("ContainersStopped").asLong());
        out.println(" Images: " + info.path("Images").asLong());
        out.println(" Server Version: " + info.path("ServerVersion").asText());
        out.println(" Storage Driver: " + info.path("Driver").asText());
        out.println(" Cgroup Driver: " + info.path("CgroupDriver").asText());
        out.println(" Cgroup Version: " + info.path("CgroupVersion").asText());
        out.println(" Default Runtime: " + info.path("DefaultRuntime").asText());
        JsonNode vm = info.path("BerthVm");
        out.println(" VM Accelerator: " + vm.path("Accelerator").asText() + (vm.path("KvmUsable").asBoolean() ? " (KVM usable)"
                : " (KVM not usable" + (vm.path("Detail").asText().isEmpty() ? "" : ": " + vm.path("Detail").asText()) + ")"));
        out.println(" Kernel Version: " + info.path("KernelVersion").asText());
        out.println(" Operating System: " + info.path("OperatingSystem").asText());
        out.println(" OSType: " + info.path("OSType").asText());
        out.println(" Architecture: " + info.path("Architecture").asText());
        out.println(" CPUs: " + info.path("NCPU").asLong());
        out.println(" Total Memory: " + Human.binarySize(info.path("MemTotal").asDouble()));
        out.println(" Name: " + info.path("Name").asText());
        out.println(" ID: " + info.path("ID").asText());
        out.println(" Docker Root Dir: " + info.path("DockerRootDir").asText());
        info.path("Warnings").forEach(w -> ctx.err().println(w.asText()));
        return ExitCodes.OK;
    }
}
