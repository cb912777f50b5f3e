package dev.berth.runtime.runc;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a container's cgroup counters on the host's cgroup layout. Paths are the OCI {@code cgroupsPath}
 * (absolute, e.g. {@code /berth/ID}); the implementation knows where each controller lives.
 */
sealed interface CgroupReader permits CgroupV1, CgroupV2 {

    /** Picks v2 when {@code root} is a unified hierarchy (it has cgroup.controllers), else v1 or hybrid. */
    static CgroupReader detect(Path root) {
        return Files.exists(root.resolve("cgroup.controllers")) ? new CgroupV2(root) : new CgroupV1(root);
    }

    /** 1 for v1 and hybrid hosts, 2 for unified ones. */
    int version();

    /** Fails with NOT_FOUND when the cgroup does not exist (the container is gone or was never started). */
    CgroupSample sample(String cgroupPath);

    /** Process ids in the cgroup, in the kernel's order. */
    List<Long> processIds(String cgroupPath);

    /** Whether any directory of this cgroup is left on the host. */
    boolean exists(String cgroupPath);

    /** Resolves an absolute cgroup path under a controller's mount point. */
    static Path under(Path mount, String cgroupPath) {
        return mount.resolve(cgroupPath.replaceFirst("^/+", ""));
    }

    static long readLong(Path file) {
        String text = readString(file).strip();
        return text.equals("max") ? Long.MAX_VALUE : Long.parseLong(text);
    }

    /** One value of a flat-keyed file such as memory.stat or cpu.stat ("key value" per line); 0 if absent. */
    static long keyed(Path file, String key) {
        return readString(file).lines()
                .map(line -> line.split("\\s+"))
                .filter(fields -> fields.length == 2 && fields[0].equals(key))
                .mapToLong(fields -> Long.parseLong(fields[1]))
                .findFirst().orElse(0);
    }

    static List<Long> readIds(Path file) {
        return readString(file).lines().filter(l -> !l.isBlank()).map(l -> Long.parseLong(l.strip())).toList();
    }

    static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw BerthException.notFound("cgroup file " + file + " does not exist (is the container running?)");
        } catch (IOException e) {
            throw BerthException.internal("cannot read cgroup file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Limits this high mean "no limit": v1 reports the page-rounded maximum, v2 says "max". */
    static OptionalLong limit(long value) {
        return value >= (1L << 62) ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
