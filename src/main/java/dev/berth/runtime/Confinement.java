package dev.berth.runtime;

import java.util.List;

/**
 * What confines a container's processes besides its namespaces and cgroup limits, as the runtime of its
 * {@link Isolation} applies it: the kernel paths hidden or made read-only, and the size of its {@code /dev/shm}.
 *
 * @param maskedPaths   paths replaced by an empty file or directory
 * @param readonlyPaths paths remounted read-only
 * @param shmBytes      the size of the tmpfs on {@code /dev/shm}; 0 when the runtime mounts none of its own
 */
public record Confinement(List<String> maskedPaths, List<String> readonlyPaths, long shmBytes) {
    /** Docker's defaults (moby oci/defaults.go), which the container runtime applies to every container. */
    public static final Confinement CONTAINER = new Confinement(
            List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                    "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap"),
            List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
            64L << 20);
    /** A VM's guest runs its own kernel: nothing of the host is there to hide, and its init mounts no {@code /dev/shm}. */
    public static final Confinement VM = new Confinement(List.of(), List.of(), 0);

    public Confinement {
        maskedPaths = List.copyOf(maskedPaths);
        readonlyPaths = List.copyOf(readonlyPaths);
    }

    public static Confinement of(Isolation isolation) {
        return switch (isolation) {
            case CONTAINER -> CONTAINER;
            case VM -> VM;
        };
    }
}
