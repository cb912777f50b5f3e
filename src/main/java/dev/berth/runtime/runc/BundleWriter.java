package dev.berth.runtime.runc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import dev.berth.common.Mount;
import dev.berth.runtime.Confinement;
import dev.berth.runtime.ContainerSpec;
import dev.berth.runtime.ProcessSpec;
import dev.berth.runtime.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes OCI runtime bundles (runtime-spec 1.0 {@code config.json}) and exec process specs, with Docker's
 * defaults for what the {@link ContainerSpec} leaves open: capabilities, masked paths, system mounts.
 *
 * @param nofileLimit  RLIMIT_NOFILE for every process; never above the host's hard limit, or runc fails to set it
 * @param cgroupParent absolute cgroup under which every container gets {@code /<id>}, so its limits land in a
 *                     known place in every v1 controller and in v2
 */
record BundleWriter(long nofileLimit, String cgroupParent) {
    static final String OCI_VERSION = "1.0.2";
    /** Docker's default RLIMIT_NOFILE. */
    static final long DEFAULT_NOFILE = 1_048_576;
    /** CFS period for {@code --cpus}, as Docker uses. */
    static final long CPU_PERIOD_MICROS = 100_000;

    /** Docker's default capability set (moby oci/caps/defaults.go). */
    static final List<String> DEFAULT_CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");

    /** Docker's defaults: kernel interfaces a container must not read or write, the size of /dev/shm. */
    static final Confinement CONFINEMENT = Confinement.CONTAINER;

    /** The system mounts of {@code runc spec} (and Docker), before the container's own mounts. */
    static final List<Mount> SYSTEM_MOUNTS = List.of(
            new Mount("proc", "proc", "/proc", List.of("nosuid", "noexec", "nodev")),
            new Mount("tmpfs", "tmpfs", "/dev", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
            new Mount("devpts", "devpts", "/dev/pts",
                    List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
            new Mount("tmpfs", "shm", "/dev/shm", List.of("nosuid", "noexec", "nodev", "mode=1777",
                    "size=" + CONFINEMENT.shmBytes() / 1024 + "k")),
            new Mount("mqueue", "mqueue", "/dev/mqueue", List.of("nosuid", "noexec", "nodev")),
            new Mount("sysfs", "sysfs", "/sys", List.of("nosuid", "noexec", "nodev", "ro")),
            new Mount("cgroup", "cgroup", "/sys/fs/cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro")));

    BundleWriter {
        if (nofileLimit <= 0) {
            throw BerthException.invalid("RLIMIT_NOFILE must be positive: " + nofileLimit);
        }
        if (!cgroupParent.startsWith("/")) {
            throw BerthException.invalid("cgroup parent must be absolute: " + cgroupParent);
        }
    }

    /** A writer whose RLIMIT_NOFILE is Docker's default capped at this daemon's own hard limit. */
    static BundleWriter forHost(Path procSelfLimits, String cgroupParent) {
        return new BundleWriter(Math.min(DEFAULT_NOFILE, hardNofileLimit(procSelfLimits)), cgroupParent);
    }

    /** The hard "Max open files" of a {@code /proc/PID/limits} file; "unlimited" counts as no cap. */
    static long hardNofileLimit(Path procLimits) {
        try {
            return Files.readAllLines(procLimits).stream()
                    .filter(line -> line.startsWith("Max open files"))
                    .map(line -> line.substring("Max open files".length()).trim().split("\\s+")[1])
                    .mapToLong(hard -> hard.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(hard))
                    .findFirst()
                    .orElseThrow(() -> BerthException.internal("no 'Max open files' line in " + procLimits));
        } catch (IOException e) {
            throw BerthException.internal("cannot read " + procLimits + ": " + e.getMessage(), e);
        }
    }

    String cgroupsPath(String id) {
        return cgroupParent.replaceFirst("/+$", "") + "/" + id;
    }

    /**
     * Writes {@code bundleDir/config.json}; the root file system stays where the spec says it is. A plain write, not
     * a synced one: a bundle lives in the runtime's state directory, which a reboot empties along with its
     * containers, and one a crashed daemon left half-written is deleted before its container's next start.
     */
    void writeBundle(Path bundleDir, ContainerSpec spec) {
        try {
            Files.createDirectories(bundleDir);
            Files.write(bundleDir.resolve("config.json"), Json.bytes(config(spec)));
        } catch (IOException e) {
            throw BerthException.internal("cannot write the bundle of container " + spec.id() + " in " + bundleDir + ": "
                    + e.getMessage(), e);
        }
    }

    ObjectNode config(ContainerSpec spec) {
        ObjectNode config = Json.object();
        config.put("ociVersion", OCI_VERSION);
        config.set("process", process(spec.process()));
        config.putObject("root").put("path", spec.rootfs().toAbsolutePath().toString())
                .put("readonly", spec.readOnlyRoot());
        config.put("hostname", spec.hostname());
        ArrayNode mounts = config.putArray("mounts");
        SYSTEM_MOUNTS.forEach(m -> mounts.add(mount(m)));
        spec.mounts().forEach(m -> mounts.add(mount(m)));
        ObjectNode annotations = config.putObject("annotations");
        spec.labels().forEach(annotations::put);
        config.set("linux", linux(spec));
        return config;
    }

    /** The OCI process object, for a container's init process and for {@code runc exec --process}. */
    ObjectNode process(ProcessSpec spec) {
        ObjectNode process = Json.object();
        process.put("terminal", spec.terminal());
        ObjectNode user = process.putObject("user").put("uid", spec.uid()).put("gid", spec.gid());
        if (!spec.additionalGids().isEmpty()) {
            spec.additionalGids().forEach(user.putArray("additionalGids")::add);
        }
        spec.args().forEach(process.putArray("args")::add);
        spec.env().forEach(process.putArray("env")::add);
        process.put("cwd", spec.cwd());
        // Inheritable and ambient stay empty (as in Docker 23+), so a non-root user gains nothing by exec.
        ObjectNode capabilities = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            DEFAULT_CAPABILITIES.forEach(capabilities.putArray(set)::add);
        }
        // RLIMIT_NPROC is deliberately absent: it counts per host uid, not per container.
        process.putArray("rlimits").addObject()
                .put("type", "RLIMIT_NOFILE").put("hard", nofileLimit).put("soft", nofileLimit);
        process.put("noNewPrivileges", true);
        return process;
    }

    private ObjectNode linux(ContainerSpec spec) {
        ObjectNode linux = Json.object();
        ArrayNode namespaces = linux.putArray("namespaces");
        List<String> types = spec.network() == ContainerSpec.NetworkMode.HOST
                ? List.of("pid", "mount", "ipc", "uts")
                : List.of("pid", "network", "mount", "ipc", "uts");
        for (String type : types) {
            ObjectNode ns = namespaces.addObject().put("type", type);
            if (type.equals("network") && spec.network() == ContainerSpec.NetworkMode.JOIN) {
                ns.put("path", spec.networkNamespace().toString());
            }
        }
        linux.put("cgroupsPath", cgroupsPath(spec.id()));
        linux.set("resources", resources(spec.resources()));
        CONFINEMENT.maskedPaths().forEach(linux.putArray("maskedPaths")::add);
        CONFINEMENT.readonlyPaths().forEach(linux.putArray("readonlyPaths")::add);
        return linux;
    }

    private static ObjectNode resources(Resources limits) {
        ObjectNode resources = Json.object();
        // As `runc spec`: deny every device; runc itself then allows the standard ones (null, zero, tty, ...).
        resources.putArray("devices").addObject().put("allow", false).put("access", "rwm");
        if (limits.memoryBytes() > 0) {
            ObjectNode memory = resources.putObject("memory").put("limit", limits.memoryBytes());
            if (limits.memorySwapBytes() != 0) {
                memory.put("swap", limits.memorySwapBytes());
            }
        }
        if (limits.nanoCpus() > 0 || limits.cpuShares() > 0) {
            ObjectNode cpu = resources.putObject("cpu");
            if (limits.nanoCpus() > 0) {
                cpu.put("quota", limits.nanoCpus() * CPU_PERIOD_MICROS / 1_000_000_000L).put("period", CPU_PERIOD_MICROS);
            }
            if (limits.cpuShares() > 0) {
                cpu.put("shares", limits.cpuShares());
            }
        }
        if (limits.pidsLimit() > 0) {
            resources.putObject("pids").put("limit", limits.pidsLimit());
        }
        return resources;
    }

    private static ObjectNode mount(Mount m) {
        ObjectNode node = Json.object().put("destination", m.destination()).put("type", m.type())
                .put("source", m.source());
        m.options().forEach(node.putArray("options")::add);
        return node;
    }
}
