package dev.berth.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.common.BerthException;
import dev.berth.common.ByteSize;
import dev.berth.runtime.Isolation;
import dev.berth.runtime.Resources;
import java.util.List;
import java.util.Map;

/**
 * How the host runs a container: Docker's {@code HostConfig}, the subset Berth honours, with its JSON names.
 *
 * @param binds  {@code SRC:DST[:ro]} where SRC is an absolute host path or a volume name
 * @param tmpfs  destination → mount options
 * @param portBindings "80/tcp" → where on the host it is published
 * @param extraHosts   {@code host:ip} lines for /etc/hosts ({@code --add-host})
 * @param storageOpt   {@code --storage-opt}: {@code size} sizes a VM's root disk ({@code --disk-size})
 */
public record HostSettings(
        @JsonProperty("Memory") long memory,
        @JsonProperty("MemorySwap") long memorySwap,
        @JsonProperty("NanoCpus") long nanoCpus,
        @JsonProperty("CpuShares") long cpuShares,
        @JsonProperty("PidsLimit") long pidsLimit,
        @JsonProperty("Binds") List<String> binds,
        @JsonProperty("Tmpfs") Map<String, String> tmpfs,
        @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
        @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
        @JsonProperty("AutoRemove") boolean autoRemove,
        @JsonProperty("NetworkMode") String networkMode,
        @JsonProperty("Isolation") String isolation,
        @JsonProperty("PortBindings") Map<String, List<PortBinding>> portBindings,
        @JsonProperty("PublishAllPorts") boolean publishAllPorts,
        @JsonProperty("Dns") List<String> dns,
        @JsonProperty("DnsSearch") List<String> dnsSearch,
        @JsonProperty("DnsOptions") List<String> dnsOptions,
        @JsonProperty("ExtraHosts") List<String> extraHosts,
        @JsonProperty("StorageOpt") Map<String, String> storageOpt) {

    public HostSettings {
        binds = List.copyOf(binds);
        tmpfs = Map.copyOf(tmpfs);
        portBindings = portBindings == null ? Map.of() : Map.copyOf(portBindings);
        dns = dns == null ? List.of() : List.copyOf(dns);
        dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
        dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
        restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
        storageOpt = storageOpt == null ? Map.of() : Map.copyOf(storageOpt); // rows stored before storage options
        storageOpt.keySet().stream().filter(k -> !k.equals("size")).findFirst().ifPresent(k -> {
            throw BerthException.invalid("storage option \"" + k + "\" is not supported (Berth knows size, for VMs' root disks)");
        });
        if (storageOpt.containsKey("size")) {
            ByteSize.parse(storageOpt.get("size"), "--storage-opt size");
        }
    }

    /** How the container runs, from {@code Isolation} (checked when the container is created). */
    public Isolation isolationKind() {
        return Isolation.parse(isolation);
    }

    /** The root disk size {@code --storage-opt size=} asks for, 0 when none is given. */
    public long diskBytes() {
        return storageOpt.containsKey("size") ? ByteSize.parse(storageOpt.get("size"), "--storage-opt size") : 0;
    }

    /** Whether one of the binds mounts the named volume. */
    public boolean mountsVolume(String volume) {
        return binds.stream().anyMatch(b -> BindSpec.parse(b).source().equals(volume));
    }

    /** The cgroup limits these settings ask for, validated together. */
    public Resources limits() {
        return new Resources(memory, memorySwap, nanoCpus, cpuShares, pidsLimit);
    }

    /** These settings with other limits and restart policy, as {@code docker update} changes them. */
    public HostSettings withLimits(long newMemory, long newMemorySwap, long newNanoCpus, long newCpuShares, long newPidsLimit,
                                   RestartPolicy newRestartPolicy) {
        return new HostSettings(newMemory, newMemorySwap, newNanoCpus, newCpuShares, newPidsLimit, binds, tmpfs, readonlyRootfs,
                newRestartPolicy, autoRemove, networkMode, isolation, portBindings, publishAllPorts, dns, dnsSearch, dnsOptions,
                extraHosts, storageOpt);
    }

    public HostSettings withBinds(List<String> newBinds) {
        return new HostSettings(memory, memorySwap, nanoCpus, cpuShares, pidsLimit, newBinds, tmpfs, readonlyRootfs, restartPolicy,
                autoRemove, networkMode, isolation, portBindings, publishAllPorts, dns, dnsSearch, dnsOptions, extraHosts, storageOpt);
    }

    public HostSettings withNetworkMode(String mode) {
        return new HostSettings(memory, memorySwap, nanoCpus, cpuShares, pidsLimit, binds, tmpfs, readonlyRootfs, restartPolicy,
                autoRemove, mode, isolation, portBindings, publishAllPorts, dns, dnsSearch, dnsOptions, extraHosts, storageOpt);
    }
}
