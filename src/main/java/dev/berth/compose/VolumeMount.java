package dev.berth.compose;

import dev.berth.common.BerthException;

/**
 * One entry of a service's {@code volumes}, in Compose's long form.
 *
 * @param type           what is mounted
 * @param source         for a bind the absolute host path; for a volume the key of a top-level volume, or "" for an
 *                       anonymous one; "" for tmpfs
 * @param target         the absolute path in the container
 * @param readOnly       whether the mount is read-only
 * @param createHostPath for a bind: create the host directory when it is missing (the short syntax implies it)
 * @param noCopy         for a volume: do not copy the image's files at the target into a new volume
 * @param tmpfsSizeBytes for tmpfs: its size, 0 for the default
 * @param tmpfsMode      for tmpfs: the permission bits of its root, 0 for the default (1777)
 */
public record VolumeMount(MountType type, String source, String target, boolean readOnly, boolean createHostPath, boolean noCopy,
                          long tmpfsSizeBytes, int tmpfsMode) {
    public VolumeMount {
        Checks.absolutePath(target, "mount target");
        switch (type) {
            case BIND -> Checks.absolutePath(source, "bind source");
            case VOLUME -> {
                if (!source.isEmpty()) {
                    Checks.resourceName(source, "volume");
                }
            }
            case TMPFS -> {
                if (!source.isEmpty()) {
                    throw BerthException.invalid("a tmpfs mount takes no source");
                }
            }
        }
        if (createHostPath && type != MountType.BIND) {
            throw BerthException.invalid("bind options apply to bind mounts only");
        }
        if (noCopy && type != MountType.VOLUME) {
            throw BerthException.invalid("volume options apply to volume mounts only");
        }
        if ((tmpfsSizeBytes != 0 || tmpfsMode != 0) && type != MountType.TMPFS) {
            throw BerthException.invalid("tmpfs options apply to tmpfs mounts only");
        }
        if (tmpfsSizeBytes < 0 || tmpfsMode < 0 || tmpfsMode > 07777) {
            throw BerthException.invalid("invalid tmpfs size or mode");
        }
    }

    public static VolumeMount bind(String source, String target, boolean readOnly) {
        return new VolumeMount(MountType.BIND, source, target, readOnly, false, false, 0, 0);
    }

    /** A named volume, or an anonymous one when {@code name} is "". */
    public static VolumeMount volume(String name, String target, boolean readOnly) {
        return new VolumeMount(MountType.VOLUME, name, target, readOnly, false, false, 0, 0);
    }

    public static VolumeMount tmpfs(String target, long sizeBytes) {
        return new VolumeMount(MountType.TMPFS, "", target, false, false, false, sizeBytes, 0);
    }
}
