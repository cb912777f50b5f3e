package dev.berth.runtime.runc;

import dev.berth.common.BerthException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds helper programs: a path as given, else on PATH, else where Debian and podman install them. */
final class Executables {
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/bin", "/sbin", "/usr/libexec/podman");

    private Executables() {}

    static Path find(String nameOrPath, String what) {
        if (nameOrPath.contains("/")) {
            Path path = Path.of(nameOrPath);
            if (Files.isExecutable(path)) {
                return path.toAbsolutePath();
            }
            throw BerthException.invalid("%s %s is not an executable file".formatted(what, nameOrPath));
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(EXTRA_DIRS);
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, nameOrPath)).filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> BerthException.invalid("%s '%s' not found on PATH or in %s; install it (apt install %s)"
                        .formatted(what, nameOrPath, EXTRA_DIRS, nameOrPath)));
    }
}
