package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.BerthException;
import dev.berth.common.ByteSize;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The resource flags {@code run}, {@code create} and {@code update} share; only the flags given go into the body. */
final class LimitOptions {
    @Option(names = {"-m", "--memory"}, description = "Memory limit (e.g. 512m, 1g)")
    Optional<String> memory = Optional.empty();

    @Option(names = "--memory-swap", description = "Swap limit equal to memory plus swap: -1 for unlimited swap")
    Optional<String> memorySwap = Optional.empty();

    @Option(names = "--cpus", description = "Number of CPUs (e.g. 0.5)")
    Optional<String> cpus = Optional.empty();

    @Option(names = {"-c", "--cpu-shares"}, description = "CPU shares (relative weight)")
    Optional<Long> cpuShares = Optional.empty();

    @Option(names = "--pids-limit", description = "Tune container pids limit (-1 for unlimited)")
    Optional<Long> pidsLimit = Optional.empty();

    /** Puts the given limits into {@code target} (a HostConfig or an UpdateConfig) under Docker's names. */
    void putInto(ObjectNode target) {
        memory.ifPresent(m -> target.put("Memory", ByteSize.parse(m, "--memory")));
        memorySwap.ifPresent(s -> target.put("MemorySwap", s.trim().equals("-1") ? -1 : ByteSize.parse(s, "--memory-swap")));
        cpus.ifPresent(c -> target.put("NanoCpus", NanoCpus.parse(c)));
        cpuShares.ifPresent(s -> {
            if (s < 0) {
                throw BerthException.invalid("invalid --cpu-shares " + s + ": cannot be negative");
            }
            target.put("CpuShares", s);
        });
        pidsLimit.ifPresent(p -> target.put("PidsLimit", p));
    }
}
