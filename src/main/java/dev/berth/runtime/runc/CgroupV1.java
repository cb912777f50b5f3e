package dev.berth.runtime.runc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** cgroup v1 (and hybrid hosts, where runc uses the v1 controllers): one hierarchy per controller. */
record CgroupV1(Path root) implements CgroupReader {

    @Override
    public int version() {
        return 1;
    }

    @Override
    public CgroupSample sample(String cgroupPath) {
        Path memory = controller("memory", cgroupPath);
        return new CgroupSample(
                CgroupReader.readLong(memory.resolve("memory.usage_in_bytes")),
                CgroupReader.limit(CgroupReader.readLong(memory.resolve("memory.limit_in_bytes"))),
                CgroupReader.keyed(memory.resolve("memory.stat"), "total_inactive_file"),
                CgroupReader.readLong(controller("cpuacct", cgroupPath).resolve("cpuacct.usage")),
                CgroupReader.readLong(controller("pids", cgroupPath).resolve("pids.current")),
                // oom_kill exists since Linux 4.13; memory.failcnt would count failed charges, not kills.
                CgroupReader.keyed(memory.resolve("memory.oom_control"), "oom_kill"));
    }

    @Override
    public List<Long> processIds(String cgroupPath) {
        return CgroupReader.readIds(controller("pids", cgroupPath).resolve("cgroup.procs"));
    }

    @Override
    public boolean exists(String cgroupPath) {
        try (var controllers = Files.list(root)) {
            return controllers.anyMatch(c -> Files.isDirectory(CgroupReader.under(c, cgroupPath)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list cgroup controllers under " + root, e);
        }
    }

    /** Some hosts co-mount cpu and cpuacct ("cpu,cpuacct" with symlinks); resolving the name follows either. */
    private Path controller(String name, String cgroupPath) {
        return CgroupReader.under(root.resolve(name), cgroupPath);
    }
}
