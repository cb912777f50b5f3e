package dev.berth.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * How the host runs a container: Docker's {@code HostConfig}, the subset Berth honours, with its JSON names.
 *
 * @param binds  {@code SRC:DST[:ro]} where SRC is an absolute host path or a volume name
 * @param tmpfs  destination → mount options
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
        @JsonProperty("Isolation") String isolation) {

    public HostSettings {
        binds = List.copyOf(binds);
        tmpfs = Map.copyOf(tmpfs);
        restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
    }
}
