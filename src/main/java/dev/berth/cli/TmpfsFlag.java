package dev.berth.cli;

import dev.berth.common.BerthException;

/** One {@code --tmpfs DST[:OPTIONS]}, e.g. {@code /run:rw,size=64m}, as a HostConfig.Tmpfs entry. */
record TmpfsFlag(String destination, String options) {
    TmpfsFlag {
        if (!destination.startsWith("/")) {
            throw BerthException.invalid("invalid --tmpfs '" + destination + "': the mount path must be absolute");
        }
    }

    static TmpfsFlag parse(String spec) {
        int colon = spec.indexOf(':');
        return colon < 0 ? new TmpfsFlag(spec, "") : new TmpfsFlag(spec.substring(0, colon), spec.substring(colon + 1));
    }
}
