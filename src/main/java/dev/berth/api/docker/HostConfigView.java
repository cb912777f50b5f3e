package dev.berth.api.docker;

import dev.berth.common.Json;
import dev.berth.engine.HostSettings;
import dev.berth.runtime.Confinement;
import dev.berth.runtime.ContainerRuntime;
import dev.berth.runtime.Isolation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's {@code HostConfig} as {@code GET /containers/{id}/json} shows it, with every key dockerd sends: the
 * settings the container was created with, what Berth applies to every container without being asked (masked and
 * read-only paths, the /dev/shm size, a private IPC namespace, the host's cgroup namespace), and for the settings
 * Berth does not offer (capabilities, devices, blkio, ulimits, ...) the value that holds for each of its
 * containers: none given, as dockerd shows them when unset.
 */
final class HostConfigView {
    private HostConfigView() {}

    /** {@code runtime} names what runs the container: the OCI runtime, or for a VM the hypervisor. */
    static Map<String, Object> of(HostSettings h, String runtime) {
        Confinement confinement = Confinement.of(h.isolationKind());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Binds", h.binds());
        m.put("ContainerIDFile", "");
        m.put("LogConfig", Map.of("Type", ContainerRuntime.LOG_DRIVER, "Config", Map.of()));
        m.put("NetworkMode", h.networkMode());
        m.put("PortBindings", h.portBindings());
        m.put("RestartPolicy", h.restartPolicy());
        m.put("AutoRemove", h.autoRemove());
        m.put("VolumeDriver", "");
        m.put("VolumesFrom", Json.NULL);
        m.put("ConsoleSize", List.of(0, 0));
        m.put("CapAdd", Json.NULL);
        m.put("CapDrop", Json.NULL);
        m.put("CgroupnsMode", "host");
        m.put("Dns", h.dns());
        m.put("DnsOptions", h.dnsOptions());
        m.put("DnsSearch", h.dnsSearch());
        m.put("ExtraHosts", h.extraHosts());
        m.put("GroupAdd", Json.NULL);
        m.put("IpcMode", "private");
        m.put("Cgroup", "");
        m.put("Links", Json.NULL);
        m.put("OomScoreAdj", 0);
        m.put("PidMode", "");
        m.put("Privileged", false);
        m.put("PublishAllPorts", h.publishAllPorts());
        m.put("ReadonlyRootfs", h.readonlyRootfs());
        m.put("SecurityOpt", Json.NULL);
        if (!h.storageOpt().isEmpty()) {
            m.put("StorageOpt", h.storageOpt());
        }
        if (!h.tmpfs().isEmpty()) {
            m.put("Tmpfs", h.tmpfs());
        }
        m.put("UTSMode", "");
        m.put("UsernsMode", "");
        m.put("ShmSize", confinement.shmBytes());
        m.put("Runtime", runtime);
        m.put("Isolation", h.isolation());
        m.put("CpuShares", h.cpuShares());
        m.put("Memory", h.memory());
        m.put("NanoCpus", h.nanoCpus());
        m.put("CgroupParent", "");
        m.put("BlkioWeight", 0);
        for (String key : List.of("BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps",
                "BlkioDeviceWriteIOps")) {
            m.put(key, List.of());
        }
        for (String key : List.of("CpuPeriod", "CpuQuota", "CpuRealtimePeriod", "CpuRealtimeRuntime")) {
            m.put(key, 0);
        }
        m.put("CpusetCpus", "");
        m.put("CpusetMems", "");
        m.put("Devices", List.of());
        m.put("DeviceCgroupRules", Json.NULL);
        m.put("DeviceRequests", Json.NULL);
        m.put("KernelMemory", 0);
        m.put("KernelMemoryTCP", 0);
        m.put("MemoryReservation", 0);
        m.put("MemorySwap", h.memorySwap());
        m.put("MemorySwappiness", Json.NULL);
        m.put("OomKillDisable", false);
        m.put("PidsLimit", h.pidsLimit() > 0 ? h.pidsLimit() : Json.NULL);
        m.put("Ulimits", List.of());
        for (String key : List.of("CpuCount", "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth")) {
            m.put(key, 0);
        }
        m.put("MaskedPaths", confinement.maskedPaths());
        m.put("ReadonlyPaths", confinement.readonlyPaths());
        return m;
    }
}
