package dev.berth.api.docker;

import dev.berth.engine.Container;
import dev.berth.runtime.ContainerStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Docker's stats JSON (snake_case, as the API spells it) from two cgroup samples. */
final class StatsView {
    private StatsView() {}

    static Map<String, Object> of(Container c, ContainerStats now, ContainerStats before) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("read", now.read().toString());
        m.put("preread", before.read().toString());
        m.put("name", "/" + c.name());
        m.put("id", c.id());
        m.put("pids_stats", Map.of("current", now.pids()));
        m.put("cpu_stats", cpu(now));
        m.put("precpu_stats", cpu(before));
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("usage", now.memoryUsage());
        memory.put("limit", now.memoryLimit());
        memory.put("stats", Map.of("inactive_file", now.inactiveFile(), "total_inactive_file", now.inactiveFile()));
        m.put("memory_stats", memory);
        m.put("blkio_stats", Map.of("io_service_bytes_recursive", List.of()));
        m.put("networks", Map.of());
        return m;
    }

    private static Map<String, Object> cpu(ContainerStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu_usage", Map.of("total_usage", s.cpuTotalNanos(), "usage_in_kernelmode", 0, "usage_in_usermode", 0));
        m.put("system_cpu_usage", s.systemCpuNanos());
        m.put("online_cpus", s.onlineCpus());
        m.put("throttling_data", Map.of("periods", 0, "throttled_periods", 0, "throttled_time", 0));
        return m;
    }
}
