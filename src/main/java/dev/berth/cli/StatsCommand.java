package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import dev.berth.common.Ids;
import dev.berth.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth stats}: GET /containers/json (when no names are given) then GET /containers/{id}/stats?stream=0
 * for each, computed with docker's formulas (cli/command/container/stats_helpers.go). Without
 * {@code --no-stream} the table is redrawn until interrupted.
 */
@Command(name = "stats", description = "Display a live stream of container(s) resource usage statistics")
final class StatsCommand implements Callable<Integer> {
    private static final List<ListingFormat.Column> COLUMNS = List.of(
            new ListingFormat.Column("CONTAINER ID", "ID"), new ListingFormat.Column("NAME", "Name"),
            new ListingFormat.Column("CPU %", "CPUPerc"), new ListingFormat.Column("MEM USAGE / LIMIT", "MemUsage"),
            new ListingFormat.Column("MEM %", "MemPerc"), new ListingFormat.Column("NET I/O", "NetIO"),
            new ListingFormat.Column("BLOCK I/O", "BlockIO"), new ListingFormat.Column("PIDS", "PIDs"));

    private final CliContext ctx;

    @Option(names = "--no-stream", description = "Disable streaming stats and only pull the first result")
    boolean noStream;

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Mixin
    ListingFormat format;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER")
    List<String> containers = new ArrayList<>();

    StatsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        boolean redraw = !noStream && ctx.isTerminal(1);
        do {
            List<JsonNode> stats = new ArrayList<>();
            for (String target : targets()) {
                stats.add(ctx.client().get(ApiPath.of("/containers/%s/stats", target).param("stream", "0")));
            }
            if (redraw) {
                ctx.out().print("\033[2J\033[H");
            }
            format.print(ctx.out(), stats, COLUMNS, StatsCommand::row);
            ctx.out().flush();
        } while (!noStream);
        return ExitCodes.OK;
    }

    private List<String> targets() {
        if (!containers.isEmpty()) {
            return containers;
        }
        List<String> ids = new ArrayList<>();
        ctx.client().get(ApiPath.of("/containers/json").flag("all", all))
                .forEach(c -> ids.add(c.path("Id").asText()));
        return ids;
    }

    static ObjectNode row(JsonNode s) {
        ObjectNode row = Json.object();
        String id = s.path("id").asText();
        row.put("ID", Ids.shortId(id));
        row.put("Container", Ids.shortId(id));
        String name = s.path("name").asText();
        row.put("Name", name.startsWith("/") ? name.substring(1) : name);
        row.put("CPUPerc", String.format("%.2f%%", cpuPercent(s)));
        double memory = memoryUsage(s.path("memory_stats"));
        double limit = s.path("memory_stats").path("limit").asDouble();
        row.put("MemUsage", Human.binarySize(memory) + " / " + Human.binarySize(limit));
        row.put("MemPerc", String.format("%.2f%%", limit == 0 ? 0.0 : memory / limit * 100));
        long rx = 0;
        long tx = 0;
        for (JsonNode n : s.path("networks")) {
            rx += n.path("rx_bytes").asLong();
            tx += n.path("tx_bytes").asLong();
        }
        row.put("NetIO", Human.decimalSize(rx) + " / " + Human.decimalSize(tx));
        long read = 0;
        long write = 0;
        for (JsonNode io : s.path("blkio_stats").path("io_service_bytes_recursive")) {
            switch (io.path("op").asText().toLowerCase(java.util.Locale.ROOT)) {
                case "read" -> read += io.path("value").asLong();
                case "write" -> write += io.path("value").asLong();
                default -> { }
            }
        }
        row.put("BlockIO", Human.decimalSize(read) + " / " + Human.decimalSize(write));
        row.put("PIDs", s.path("pids_stats").path("current").asLong());
        return row;
    }

    /** calculateCPUPercentUnix: the container's share of the host's CPU time between two samples, times CPUs. */
    static double cpuPercent(JsonNode s) {
        JsonNode cpu = s.path("cpu_stats");
        JsonNode pre = s.path("precpu_stats");
        double cpuDelta = cpu.path("cpu_usage").path("total_usage").asDouble() - pre.path("cpu_usage").path("total_usage").asDouble();
        double systemDelta = cpu.path("system_cpu_usage").asDouble() - pre.path("system_cpu_usage").asDouble();
        int cpus = cpu.path("online_cpus").asInt(0);
        if (cpus == 0) {
            cpus = cpu.path("cpu_usage").path("percpu_usage").size();
        }
        return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * cpus * 100 : 0;
    }

    /** calculateMemUsageUnixNoCache: page cache that can be reclaimed does not count as used. */
    static double memoryUsage(JsonNode memory) {
        double usage = memory.path("usage").asDouble();
        JsonNode stats = memory.path("stats");
        if (stats.has("total_inactive_file") && stats.path("total_inactive_file").asDouble() < usage) {
            return usage - stats.path("total_inactive_file").asDouble();
        }
        if (stats.path("inactive_file").asDouble() < usage) {
            return usage - stats.path("inactive_file").asDouble();
        }
        return usage;
    }
}
