package dev.berth.api.docker;

import dev.berth.api.http.ApiVersions;
import dev.berth.api.http.Exchange;
import dev.berth.api.http.Router;
import dev.berth.common.HostMemory;
import dev.berth.engine.Container;
import dev.berth.engine.ContainerService;
import dev.berth.image.ImageService;
import dev.berth.network.NetworkService;
import dev.berth.runtime.Accelerator;
import dev.berth.runtime.ContainerRuntime;
import dev.berth.runtime.RuntimeInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /_ping}, {@code /version} and {@code /info}, with the fields Docker clients read. */
public final class SystemRoutes {
    /**
     * What {@code /info} reports about the daemon itself.
     *
     * @param vmAccelerator what VMs run on, said plainly: KVM only when a probe guest really ran under it
     * @param driverStatus  the snapshotter's DriverStatus pairs
     * @param addressPool   where networks get their subnets from
     */
    public record DaemonFacts(String id, String name, Path dataRoot, RuntimeInfo runtime, Accelerator vmAccelerator,
                              List<List<String>> driverStatus, NetworkService.AddressPool addressPool) {}

    private final ContainerService containers;
    private final ImageService images;
    private final DaemonFacts facts;

    public SystemRoutes(ContainerService containers, ImageService images, DaemonFacts facts) {
        this.containers = containers;
        this.images = images;
        this.facts = facts;
    }

    public void register(Router r) {
        r.add("GET", "/_ping", SystemRoutes::ping)
                .add("HEAD", "/_ping", SystemRoutes::ping)
                .add("GET", "/version", x -> x.respondJson(200, version()))
                .add("GET", "/info", x -> x.respondJson(200, info()));
    }

    /** The body is exactly "OK" with no newline; clients read the headers (podman#8097). */
    private static void ping(Exchange x) {
        x.respondBytes(200, "text/plain; charset=utf-8", "OK".getBytes());
    }

    /**
     * Docker's version JSON: the CLI renders its Server block from {@code Components} (the engine, then the OCI
     * runtime it drives), older clients read the top level.
     */
    private Map<String, Object> version() {
        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("ApiVersion", ApiVersions.CURRENT);
        engine.put("MinAPIVersion", ApiVersions.MINIMUM);
        engine.put("GitCommit", "berth");
        engine.put("GoVersion", "java" + Runtime.version().feature());
        engine.put("Os", "linux");
        engine.put("Arch", arch());
        engine.put("KernelVersion", System.getProperty("os.version"));
        engine.put("BuildTime", "");
        Map<String, Object> details = new LinkedHashMap<>(engine);
        details.put("Experimental", "false");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Platform", Map.of("Name", "Berth Engine"));
        m.put("Components", List.of(Map.of("Name", "Engine", "Version", ApiVersions.ENGINE_VERSION, "Details", details),
                Map.of("Name", facts.runtime().name(), "Version", facts.runtime().version(), "Details", Map.of("GitCommit", ""))));
        m.put("Version", ApiVersions.ENGINE_VERSION);
        m.putAll(engine);
        return m;
    }

    private Map<String, Object> info() {
        List<Container> all = containers.list(true);
        long running = all.stream().filter(c -> c.state().status().equals("running")).count();
        long paused = all.stream().filter(c -> c.state().status().equals("paused")).count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", facts.id());
        m.put("Containers", all.size());
        m.put("ContainersRunning", running);
        m.put("ContainersPaused", paused);
        m.put("ContainersStopped", all.size() - running - paused);
        m.put("Images", images.list().size());
        m.put("Driver", "overlay2");
        m.put("DriverStatus", facts.driverStatus());
        m.put("DockerRootDir", facts.dataRoot().toString());
        m.put("ServerVersion", ApiVersions.ENGINE_VERSION);
        m.put("OSType", "linux");
        m.put("OperatingSystem", osName());
        m.put("KernelVersion", System.getProperty("os.version"));
        m.put("Architecture", System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"));
        m.put("NCPU", Runtime.getRuntime().availableProcessors());
        m.put("MemTotal", HostMemory.totalBytes().orElse(0));
        m.put("Name", facts.name());
        m.put("Labels", List.of());
        m.put("CgroupDriver", "cgroupfs");
        m.put("CgroupVersion", String.valueOf(facts.runtime().cgroupVersion()));
        m.put("DefaultRuntime", facts.runtime().name());
        m.put("Runtimes", Map.of(facts.runtime().name(), Map.of("path", facts.runtime().name())));
        m.put("RuncCommit", Map.of("ID", facts.runtime().version(), "Expected", facts.runtime().version()));
        m.put("Swarm", Map.of("LocalNodeState", "inactive"));
        // What clients older than API 1.42 turn into warnings themselves when false: the limits Berth enforces
        // (no --cpuset-cpus, no --oom-kill-disable) and the host's forwarding settings.
        m.put("MemoryLimit", true);
        m.put("SwapLimit", facts.runtime().cgroupVersion() == 2
                || Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes")));
        m.put("CpuCfsPeriod", true);
        m.put("CpuCfsQuota", true);
        m.put("CPUShares", true);
        m.put("PidsLimit", true);
        m.put("IPv4Forwarding", sysctlOn("net/ipv4/ip_forward"));
        m.put("BridgeNfIptables", sysctlOn("net/bridge/bridge-nf-call-iptables"));
        m.put("BridgeNfIp6tables", sysctlOn("net/bridge/bridge-nf-call-ip6tables"));
        m.put("Plugins", Map.of("Volume", List.of("local"), "Network", List.of("bridge", "host", "null"),
                "Log", List.of(ContainerRuntime.LOG_DRIVER)));
        m.put("LoggingDriver", ContainerRuntime.LOG_DRIVER);
        // Every container process runs with no_new_privs (runc's noNewPrivileges); Berth applies no seccomp profile,
        // AppArmor or SELinux policy and uses no user or cgroup namespaces, so it lists no other option.
        m.put("SecurityOptions", List.of("name=no-new-privileges"));
        m.put("DefaultAddressPools", List.of(Map.of("Base", facts.addressPool().base().toString(), "Size", facts.addressPool().size())));
        m.put("IndexServerAddress", "https://index.docker.io/v1/");
        m.put("RegistryConfig", Map.of("InsecureRegistryCIDRs", List.of("127.0.0.0/8", "::1/128"), "IndexConfigs", Map.of()));
        m.put("SystemTime", Instant.now().toString());
        m.put("Warnings", List.of());
        m.put("Isolation", "container");
        m.put("BerthVm", Map.of("Accelerator", facts.vmAccelerator().name(), "KvmUsable", facts.vmAccelerator().kvmUsable(),
                "Detail", facts.vmAccelerator().detail()));
        return m;
    }

    private static boolean sysctlOn(String name) {
        try {
            return Files.readString(Path.of("/proc/sys", name)).strip().equals("1");
        } catch (IOException e) {
            return false;
        }
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("x86_64") ? "amd64" : a;
    }

    private static String osName() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
                    .map(l -> l.substring(12).replace("\"", "")).findFirst().orElse("Linux");
        } catch (IOException e) {
            return "Linux";
        }
    }

}
