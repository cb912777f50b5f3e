package dev.berth.runtime;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.Mount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a runtime needs to create one container. The root file system arrives as a mounted directory;
 * the runtime never knows which image it came from.
 *
 * @param id          the 64-hex container id, also the runtime's container name
 * @param rootfs      a directory holding the container's root file system, already mounted
 * @param readOnlyRoot whether the root file system is mounted read-only ({@code --read-only})
 * @param process     what runs as the container's init process
 * @param hostname    the UTS hostname
 * @param mounts      binds, volumes and tmpfs, in order, on top of the default /proc, /dev, /sys mounts
 * @param resources   cgroup limits
 * @param network     which network namespace the container gets
 * @param labels      user labels, written into the bundle as annotations
 * @param stdin       whether the container's standard input can be fed through {@link ContainerRuntime#attachStdin}
 * @param networkNamespace the namespace to join for {@link NetworkMode#JOIN}, null otherwise
 * @param isolation   which runtime runs it: runc for containers, QEMU for VMs
 * @param rootImage   the id of the image that {@code rootfs} holds unchanged (nothing written over it yet), so a
 *                    runtime may reuse what it derives from it for every container of that image (a VM's root disk);
 *                    empty when the container changed its root file system
 * @param diskBytes   the size of a VM's root disk; 0 for what the root file system needs plus headroom
 */
public record ContainerSpec(
        String id,
        Path rootfs,
        boolean readOnlyRoot,
        ProcessSpec process,
        String hostname,
        List<Mount> mounts,
        Resources resources,
        NetworkMode network,
        Map<String, String> labels,
        Stdin stdin,
        Path networkNamespace,
        Isolation isolation,
        String rootImage,
        long diskBytes) {

    public ContainerSpec {
        if (id == null || !id.matches("[0-9a-f]{64}")) {
            throw BerthException.invalid("container id must be 64 hex digits: " + id);
        }
        if ((network == NetworkMode.JOIN) != (networkNamespace != null)) {
            throw BerthException.invalid("a network namespace path goes with network mode JOIN and only with it");
        }
        if (isolation == null) {
            throw BerthException.invalid("a container spec needs an isolation (container or vm)");
        }
        if (!rootImage.isEmpty() && !Digest.isValid(rootImage)) {
            throw BerthException.invalid("the root image must be an image id (sha256:<64 hex digits>): " + rootImage);
        }
        if (diskBytes < 0) {
            throw BerthException.invalid("a root disk size must not be negative: " + diskBytes);
        }
        mounts = List.copyOf(mounts);
        labels = Map.copyOf(labels);
    }

    /** Docker's OpenStdin/StdinOnce: no stdin, stdin closed when the first attached client leaves, or kept open. */
    public enum Stdin { NONE, ONCE, KEEP_OPEN }

    /** A container with its own loopback-only namespace (NONE) or the host's (HOST). */
    public ContainerSpec(String id, Path rootfs, boolean readOnlyRoot, ProcessSpec process, String hostname, List<Mount> mounts,
                         Resources resources, NetworkMode network, Map<String, String> labels, Stdin stdin) {
        this(id, rootfs, readOnlyRoot, process, hostname, mounts, resources, network, labels, stdin, null, Isolation.CONTAINER, "", 0);
    }

    /**
     * Which network namespace the container gets: a fresh loopback-only one, the host's, or one prepared
     * beforehand (bridged networks are wired into it before the container starts).
     */
    public enum NetworkMode { NONE, HOST, JOIN }
}
