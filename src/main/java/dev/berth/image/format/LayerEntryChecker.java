package dev.berth.image.format;

import dev.berth.common.BerthException;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Checks the entries of one tar in order, before anything is written from them: names stay inside the root,
 * no entry is written through a symlink an earlier entry made, and hard links point at regular files earlier
 * in the same tar (which is how docker and containerd write layers).
 */
public final class LayerEntryChecker {
    private final String what;
    private final Set<String> symlinks = new HashSet<>();
    private final Set<String> files = new HashSet<>();

    /** {@code what} names the tar in errors, e.g. "layer sha256:ab12… of busybox.tar". */
    public LayerEntryChecker(String what) {
        this.what = what;
    }

    /** Returns the entry's normalized path, or throws INVALID_ARGUMENT naming the entry. */
    public String check(TarArchiveEntry entry) {
        String path = TarPaths.normalize(entry.getName(), what);
        requireNoSymlinkParent(path, entry.getName());
        if (entry.isSymbolicLink()) {
            files.remove(path);
            symlinks.add(path);
        } else if (entry.isLink()) {
            String target = hardLinkTarget(entry);
            if (!files.contains(target)) {
                throw TarPaths.unsafe(what, entry.getName(), "is a hard link to '" + entry.getLinkName()
                        + "', which is not a regular file earlier in the same tar");
            }
            symlinks.remove(path);
            files.add(path);
        } else {
            symlinks.remove(path);
            if (entry.isFile()) {
                files.add(path);
            } else {
                files.remove(path);
            }
        }
        return path;
    }

    /** The normalized target of a hard link entry (already checked by {@link #check}). */
    public String hardLinkTarget(TarArchiveEntry entry) {
        String target;
        try {
            target = TarPaths.normalize(entry.getLinkName(), what);
        } catch (BerthException e) {
            throw TarPaths.unsafe(what, entry.getName(), "is a hard link to '" + entry.getLinkName()
                    + "', outside the root");
        }
        requireNoSymlinkParent(target, entry.getName());
        return target;
    }

    private void requireNoSymlinkParent(String path, String entryName) {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            String parent = path.substring(0, slash);
            if (symlinks.contains(parent)) {
                throw TarPaths.unsafe(what, entryName, "goes through the symlink '" + parent + "'");
            }
        }
    }
}
