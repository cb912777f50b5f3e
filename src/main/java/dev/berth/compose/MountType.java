package dev.berth.compose;

/** What a service's volume entry mounts. */
public enum MountType implements Keyword {
    /** A host path. */
    BIND,
    /** A named volume of the project, or an anonymous one. */
    VOLUME,
    /** A fresh in-memory file system. */
    TMPFS
}
