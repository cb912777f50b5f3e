package dev.berth.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The host's memory size, as {@code /proc/meminfo} gives it. */
public final class HostMemory {
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private HostMemory() {}

    /** {@code MemTotal} in bytes; empty when the file cannot be read or lacks it, for the caller to choose what that means. */
    public static OptionalLong totalBytes() {
        try {
            return Files.readAllLines(MEMINFO).stream().filter(l -> l.startsWith("MemTotal:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
