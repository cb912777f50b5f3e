package dev.berth.runtime.runc;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Host-wide numbers from /proc that container stats are measured against, as {@code docker stats} does. */
record HostProc(Path proc) {
    /** /proc/stat counts in USER_HZ ticks, which are 1/100 s on every Linux architecture Berth runs on. */
    private static final long NANOS_PER_TICK = 10_000_000;

    /** Cumulative CPU time of the whole host: the sum of the "cpu" line's user..steal columns. */
    long systemCpuNanos() {
        String[] fields = lines("stat").stream().filter(l -> l.startsWith("cpu ")).findFirst()
                .orElseThrow(() -> BerthException.internal("no cpu line in " + proc.resolve("stat")))
                .trim().split("\\s+");
        // user nice system idle iowait irq softirq steal; guest time is already inside user.
        return Arrays.stream(fields, 1, Math.min(fields.length, 9)).mapToLong(Long::parseLong).sum() * NANOS_PER_TICK;
    }

    int onlineCpus() {
        return (int) lines("stat").stream().filter(l -> l.matches("cpu\\d+ .*")).count();
    }

    long memoryTotalBytes() {
        return lines("meminfo").stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                .orElseThrow(() -> BerthException.internal("no MemTotal in " + proc.resolve("meminfo")));
    }

    private List<String> lines(String name) {
        try {
            return Files.readAllLines(proc.resolve(name));
        } catch (IOException e) {
            throw BerthException.internal("cannot read " + proc.resolve(name) + ": " + e.getMessage(), e);
        }
    }
}
