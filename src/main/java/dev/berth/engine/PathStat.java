package dev.berth.engine;

import dev.berth.common.GoFileMode;
import java.time.Instant;

/**
 * A path in a container as Docker's {@code X-Docker-Container-Path-Stat} header describes it (moby
 * api/types/container.PathStat).
 *
 * @param name       the base name of the path as asked for
 * @param mode       Go's {@code os.FileMode} ({@link GoFileMode})
 * @param linkTarget for a symlink, the absolute path in the container it resolves to; empty otherwise
 */
public record PathStat(String name, long size, long mode, Instant mtime, String linkTarget) {
    public boolean isDirectory() {
        return (mode & GoFileMode.DIR) != 0;
    }
}
