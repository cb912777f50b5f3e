package dev.berth.image;

import java.nio.file.Path;

/**
 * A container's writable root file system, mounted.
 *
 * @param key  the container id it belongs to
 * @param path the mounted directory to hand to the runtime
 */
public record RootFs(String key, Path path) {}
