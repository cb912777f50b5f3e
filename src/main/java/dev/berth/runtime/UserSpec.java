package dev.berth.runtime;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves Docker's {@code --user} forms ({@code uid}, {@code uid:gid}, {@code name}, {@code name:group}) against
 * the container's own /etc/passwd and /etc/group, as runc's libcontainer/user does.
 */
public record UserSpec(int uid, int gid, List<Integer> additionalGids) {
    public UserSpec {
        additionalGids = List.copyOf(additionalGids);
    }

    public static UserSpec resolve(String requested, Path rootfs) {
        String user = requested.isEmpty() ? "0" : requested;
        String[] parts = user.split(":", 2);
        List<String[]> passwd = readColonFile(rootfs.resolve("etc/passwd"));
        List<String[]> groups = readColonFile(rootfs.resolve("etc/group"));
        int uid;
        int gid;
        String userName;
        Optional<String[]> entry = passwd.stream()
                .filter(p -> p.length >= 4 && (p[0].equals(parts[0]) || p[2].equals(parts[0]))).findFirst();
        if (entry.isPresent()) {
            uid = parseId(entry.get()[2], user);
            gid = parseId(entry.get()[3], user);
            userName = entry.get()[0];
        } else if (parts[0].matches("\\d+")) {
            uid = parseId(parts[0], user);
            gid = uid == 0 ? 0 : uid;
            userName = "";
        } else {
            throw BerthException.invalid("unable to find user " + parts[0] + ": no matching entries in passwd file");
        }
        if (parts.length == 2) {
            String g = parts[1];
            gid = groups.stream().filter(e -> e.length >= 3 && e[0].equals(g)).findFirst()
                    .map(e -> parseId(e[2], user))
                    .orElseGet(() -> {
                        if (!g.matches("\\d+")) {
                            throw BerthException.invalid("unable to find group " + g + ": no matching entries in group file");
                        }
                        return parseId(g, user);
                    });
        }
        // The primary group leads the supplementary ones, as dockerd (20.10.18 on, CVE-2022-36109), containerd and
        // podman set them, so the process cannot drop it with setgroups to get past a permission denying it.
        List<Integer> extra = new ArrayList<>(List.of(gid));
        for (String[] e : groups) {
            if (e.length >= 4 && !userName.isEmpty() && List.of(e[3].split(",")).contains(userName)) {
                int g = parseId(e[2], user);
                if (g != gid) {
                    extra.add(g);
                }
            }
        }
        return new UserSpec(uid, gid, extra);
    }

    private static int parseId(String text, String user) {
        try {
            long v = Long.parseLong(text);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid user '" + user + "': id " + text + " out of range");
        }
    }

    private static List<String[]> readColonFile(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return List.of();
            }
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split(":", -1)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
