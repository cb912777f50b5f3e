package dev.berth.image.overlay;

import dev.berth.common.BerthException;
import dev.berth.image.FileChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Lists an overlayfs upper directory as Docker's container changes: a whiteout (a 0:0 character device) is a
 * deletion; anything else is a modification when the visible lower layers have the path, an addition otherwise.
 * Paths below an added directory are listed too, as {@code docker diff} shows them. Entries hidden in the lowers by
 * an opaque directory are not listed as deleted (Docker's overlay driver does not list them either).
 */
final class UpperChanges {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    /** S_IFMT and S_IFCHR of st_mode. */
    private static final int TYPE_MASK = 0170000;
    private static final int CHARACTER_DEVICE = 0020000;

    private UpperChanges() {}

    /** {@code lowers} top layer first, as overlayfs stacks them. */
    static List<FileChange> list(Path upper, List<Path> lowers) {
        List<FileChange> changes = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(upper)) {
            for (Path file : walk.skip(1).sorted().toList()) {
                String relative = upper.relativize(file).toString();
                FileChange.Kind kind = isWhiteout(file) ? FileChange.Kind.DELETED
                        : inLowers(relative, lowers) ? FileChange.Kind.MODIFIED : FileChange.Kind.ADDED;
                changes.add(new FileChange("/" + relative, kind));
            }
        } catch (IOException e) {
            throw BerthException.internal("cannot list the changes in " + upper + ": " + e.getMessage(), e);
        }
        return changes;
    }

    /** Whether the topmost lower that mentions {@code relative} has it (rather than a whiteout hiding it). */
    private static boolean inLowers(String relative, List<Path> lowers) throws IOException {
        for (Path lower : lowers) {
            Path candidate = lower.resolve(relative);
            if (Files.exists(candidate, NOFOLLOW)) {
                return !isWhiteout(candidate);
            }
        }
        return false;
    }

    static boolean isWhiteout(Path file) throws IOException {
        Map<String, Object> attrs = Files.readAttributes(file, "unix:mode,rdev", NOFOLLOW);
        return ((int) attrs.get("mode") & TYPE_MASK) == CHARACTER_DEVICE && (long) attrs.get("rdev") == 0;
    }
}
