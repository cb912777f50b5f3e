package dev.berth.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** The mount points of this process's mount namespace, from {@code /proc/self/mountinfo}. */
public final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {}

    public static boolean isMountPoint(Path dir) {
        String wanted = dir.toAbsolutePath().normalize().toString();
        return mountPoints().stream().anyMatch(wanted::equals);
    }

    /** The mount points below {@code dir} (not {@code dir} itself), the deepest first: the order to unmount them in. */
    public static List<Path> mountPointsUnder(Path dir) {
        Path top = dir.toAbsolutePath().normalize();
        return mountPoints().stream().map(Path::of).filter(m -> m.startsWith(top) && !m.equals(top))
                .sorted(Comparator.reverseOrder()).toList();
    }

    private static List<String> mountPoints() {
        try {
            return Files.readAllLines(MOUNTINFO).stream()
                    .map(line -> line.split(" "))
                    .filter(fields -> fields.length > 4)
                    .map(fields -> unescape(fields[4]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTINFO, e);
        }
    }

    /** mountinfo writes space, tab, newline and backslash in paths as octal escapes ({@code \040}). */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
