package dev.berth.runtime.runc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The unified cgroup v2 hierarchy: every controller's files in one directory per cgroup. */
record CgroupV2(Path root) implements CgroupReader {

    @Override
    public int version() {
        return 2;
    }

    @Override
    public CgroupSample sample(String cgroupPath) {
        Path dir = CgroupReader.under(root, cgroupPath);
        return new CgroupSample(
                CgroupReader.readLong(dir.resolve("memory.current")),
                CgroupReader.limit(CgroupReader.readLong(dir.resolve("memory.max"))),
                CgroupReader.keyed(dir.resolve("memory.stat"), "inactive_file"),
                CgroupReader.keyed(dir.resolve("cpu.stat"), "usage_usec") * 1000,
                CgroupReader.readLong(dir.resolve("pids.current")),
                CgroupReader.keyed(dir.resolve("memory.events"), "oom_kill"));
    }

    @Override
    public List<Long> processIds(String cgroupPath) {
        return CgroupReader.readIds(CgroupReader.under(root, cgroupPath).resolve("cgroup.procs"));
    }

    @Override
    public boolean exists(String cgroupPath) {
        return Files.isDirectory(CgroupReader.under(root, cgroupPath));
    }
}
