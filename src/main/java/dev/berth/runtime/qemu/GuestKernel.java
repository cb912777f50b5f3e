package dev.berth.runtime.qemu;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Linux kernel VMs boot, and the directory of its loadable modules when it has one. Found as configured
 * ({@code --vm-kernel}), else the newest {@code vmlinuz-*} in the search directories: the host's /boot, then
 * where scripts/setup.sh unpacks Debian's linux-image package.
 *
 * @param modules {@code lib/modules/VERSION} beside the kernel's {@code boot} directory, when it exists
 */
record GuestKernel(Path kernel, String version, Optional<Path> modules) {
    static final Path FETCHED = Path.of("/var/cache/berth/vm-kernel");
    static final List<Path> SEARCH = List.of(Path.of("/boot"), FETCHED.resolve("boot"));

    static GuestKernel locate(Optional<Path> configured, List<Path> searchDirs) {
        Path kernel = configured.map(GuestKernel::requireReadable).orElseGet(() -> newest(searchDirs).orElseThrow(() ->
                BerthException.invalid("no kernel for VMs: none given (berthd --vm-kernel PATH) and no vmlinuz-* in %s; "
                        .formatted(searchDirs) + "run scripts/setup.sh, which unpacks Debian's linux-image package into " + FETCHED)));
        String name = kernel.getFileName().toString();
        String version = name.startsWith("vmlinuz-") ? name.substring("vmlinuz-".length()) : "";
        Path root = kernel.toAbsolutePath().getParent().getParent();
        Optional<Path> modules = Stream.of(root == null ? null : root.resolve("lib/modules").resolve(version),
                        Path.of("/lib/modules").resolve(version))
                .filter(d -> d != null && !version.isEmpty() && Files.isDirectory(d.resolve("kernel")))
                .findFirst();
        return new GuestKernel(kernel.toAbsolutePath(), version, modules);
    }

    private static Path requireReadable(Path kernel) {
        if (!Files.isRegularFile(kernel) || !Files.isReadable(kernel)) {
            throw BerthException.invalid("VM kernel " + kernel + " is not a readable file (check --vm-kernel)");
        }
        return kernel;
    }

    private static Optional<Path> newest(List<Path> dirs) {
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                Optional<Path> found = files.filter(f -> f.getFileName().toString().startsWith("vmlinuz-"))
                        .filter(Files::isReadable)
                        .max(Comparator.comparing(f -> f.getFileName().toString()));
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return Optional.empty();
    }
}
