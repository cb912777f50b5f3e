package dev.berth.runtime;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What every runtime does alike with its on-disk state: container ids as directory names, and state checks. */
public final class RuntimeDirectories {
    private RuntimeDirectories() {}

    public static boolean isId(String id) {
        return id.matches("[0-9a-f]{64}");
    }

    /** Throws INVALID unless {@code id} is a full 64-hex container id. */
    public static void requireId(String id) {
        if (!isId(id)) {
            throw BerthException.invalid("container id must be 64 hex digits: " + id);
        }
    }

    /** The container ids named by the entries of {@code dir}, sorted. */
    public static List<String> idsIn(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(RuntimeDirectories::isId).sorted().toList();
        } catch (IOException e) {
            throw BerthException.internal("cannot list containers in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Throws CONFLICT naming the state unless {@code status} is one of {@code allowed}; returns it otherwise. */
    public static ContainerStatus requireStatus(ContainerStatus status, String action, String what,
                                                ContainerStatus... allowed) {
        if (!List.of(allowed).contains(status)) {
            throw BerthException.conflict("cannot %s %s: it is %s, not %s".formatted(action, what, status.dockerName(),
                    Stream.of(allowed).map(ContainerStatus::dockerName).collect(Collectors.joining(" or "))));
        }
        return status;
    }
}
