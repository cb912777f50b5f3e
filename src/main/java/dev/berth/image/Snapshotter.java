package dev.berth.image;

import java.io.OutputStream;

/**
 * Gives each container a writable root file system over an image's shared, read-only layers. Layers are
 * unpacked once per chain id and shared by every image and container that uses them.
 */
public interface Snapshotter {
    /** Creates (or, after a daemon restart, re-mounts) the writable root for {@code key} over {@code image}. */
    RootFs prepare(String key, Image image);

    /**
     * Writes what changed in the writable root of {@code key} as an uncompressed OCI layer tar (image-spec
     * layer.md: deletions as {@code .wh.} whiteouts, replaced directories as opaque): entries sorted by path,
     * numeric owners, modes and mtimes as on disk, hard links kept. Legal while {@code key} is prepared and no
     * process writes to it.
     */
    void diff(String key, OutputStream out);

    /**
     * What changed in the writable root of {@code key} over {@code image}, sorted by path: deletions (whiteouts)
     * as DELETED, paths the image also has as MODIFIED (directories holding a change among them, as Docker
     * reports them), the rest as ADDED. Legal while {@code key} is prepared.
     */
    java.util.List<FileChange> changes(String key, Image image);

    /**
     * Where the root of {@code key} over {@code image} lives, by the names of Docker's {@code GraphDriver.Data} for
     * the snapshotter's kind (overlay2: LowerDir, MergedDir, UpperDir, WorkDir). Legal while {@code key} is prepared.
     */
    java.util.Map<String, String> describe(String key, Image image);

    /** What the snapshotter says of itself in {@code info}: Docker's DriverStatus, label and value pairs. */
    java.util.List<java.util.List<String>> status();

    /** Bytes written to the writable root of {@code key} (Docker's SizeRw); 0 if there is none. */
    long writtenBytes(String key);

    /** Unmounts and deletes the writable root of {@code key}; a no-op if there is none. */
    void remove(String key);
}
