package dev.berth.runtime;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Host-wide numbers from /proc that container stats are measured against, as {@code docker stats} does, and the
 * numbers of one host process (a VM's QEMU).
 */
public record HostProc(Path proc) {
    /** /proc/stat counts in USER_HZ ticks, which are 1/100 s on every Linux architecture Berth runs on. */
    private static final long NANOS_PER_TICK = 10_000_000;

    /** Cumulative CPU time of the whole host: the sum of the "cpu" line's user..steal columns. */
    public long systemCpuNanos() {
        String[] fields = lines("stat").stream().filter(l -> l.startsWith("cpu ")).findFirst()
                .orElseThrow(() -> BerthException.internal("no cpu line in " + proc.resolve("stat")))
                .trim().split("\\s+");
        // user nice system idle iowait irq softirq steal; guest time is already inside user.
        return Arrays.stream(fields, 1, Math.min(fields.length, 9)).mapToLong(Long::parseLong).sum() * NANOS_PER_TICK;
    }

    public int onlineCpus() {
        return (int) lines("stat").stream().filter(l -> l.matches("cpu\\d+ .*")).count();
    }

    public long memoryTotalBytes() {
        return lines("meminfo").stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                .orElseThrow(() -> BerthException.internal("no MemTotal in " + proc.resolve("meminfo")));
    }

    /** CPU time process {@code pid} has used: utime and stime of /proc/PID/stat, after the command in parentheses. */
    public long processCpuNanos(long pid) {
        String stat = String.join(" ", lines(pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }

    /** Resident memory of process {@code pid} (VmRSS). */
    public long processResidentBytes(long pid) {
        return lines(pid + "/status").stream().filter(l -> l.startsWith("VmRSS:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                .orElseThrow(() -> BerthException.internal("no VmRSS in " + proc.resolve(pid + "/status")));
    }

    /** Threads of process {@code pid}. */
    public long processThreads(long pid) {
        return lines(pid + "/status").stream().filter(l -> l.startsWith("Threads:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(1L);
    }

    private List<String> lines(String name) {
        try {
            return Files.readAllLines(proc.resolve(name));
        } catch (IOException e) {
            throw BerthException.internal("cannot read " + proc.resolve(name) + ": " + e.getMessage(), e);
        }
    }
}
