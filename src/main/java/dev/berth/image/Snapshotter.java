package dev.berth.image;

/**
 * Gives each container a writable root file system over an image's shared, read-only layers. Layers are
 * unpacked once per chain id and shared by every image and container that uses them.
 */
public interface Snapshotter {
    /** Creates (or, after a daemon restart, re-mounts) the writable root for {@code key} over {@code image}. */
    RootFs prepare(String key, Image image);

    /** Unmounts and deletes the writable root of {@code key}; a no-op if there is none. */
    void remove(String key);
}
