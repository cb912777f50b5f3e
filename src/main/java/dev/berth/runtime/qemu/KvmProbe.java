package dev.berth.runtime.qemu;

import dev.berth.common.HostCommand;
import dev.berth.runtime.Accelerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Whether KVM can really run guests: a /dev/kvm that opens is not enough (on some hosts QEMU aborts when it sets
 * up the vCPU), so a paused probe VM is created under KVM and quit over QMP on stdin. Anything short of a clean
 * exit means TCG.
 */
final class KvmProbe {
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private KvmProbe() {}

    static Accelerator probe(Path qemu, Path kvmDevice) {
        if (!Files.isReadable(kvmDevice) || !Files.isWritable(kvmDevice)) {
            return new Accelerator("tcg", false, kvmDevice + " is missing or not accessible");
        }
        HostCommand.Result result = HostCommand.run(List.of(qemu.toString(), "-accel", "kvm", "-machine", "microvm",
                        "-cpu", "max", "-nodefaults", "-display", "none", "-S", "-qmp", "stdio"),
                "{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"quit\"}\n", TIMEOUT);
        if (result.ok()) {
            return new Accelerator("kvm", true, "");
        }
        String why = result.stderr().strip().lines().reduce((first, second) -> second).orElse("exit " + result.exitCode());
        return new Accelerator("tcg", false, "KVM cannot run guests here: " + why);
    }
}
