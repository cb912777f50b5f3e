package dev.berth.runtime;

import dev.berth.common.BerthException;

/** How a container is isolated from the host: namespaces and cgroups (runc), or its own kernel in a VM (QEMU). */
public enum Isolation {
    CONTAINER, VM;

    /** Docker's {@code HostConfig.Isolation}: empty, "default", "process" or "container" for containers; "vm" for VMs. */
    public static Isolation parse(String value) {
        return switch (value == null ? "" : value) {
            case "", "default", "process", "container" -> CONTAINER;
            case "vm" -> VM;
            default -> throw BerthException.invalid("invalid isolation '" + value + "': use container or vm");
        };
    }
}
