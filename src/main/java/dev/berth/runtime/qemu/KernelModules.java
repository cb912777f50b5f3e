package dev.berth.runtime.qemu;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Resolves kernel modules and their dependencies in load order from a {@code lib/modules/VERSION} directory.
 * Dependencies come from each module's own {@code .modinfo} section ({@code depends=a,b}), which every module
 * carries: the directories unpacked from Debian's package have no modules.dep (depmod runs only on install).
 */
final class KernelModules {
    private static final byte[] DEPENDS = "\0depends=".getBytes(StandardCharsets.US_ASCII);

    private final Path dir;
    private final Map<String, Path> byName = new HashMap<>();
    private final Set<String> builtin = new LinkedHashSet<>();

    private KernelModules(Path dir) {
        this.dir = dir;
    }

    static KernelModules open(Path dir) {
        KernelModules modules = new KernelModules(dir);
        try (Stream<Path> files = Files.walk(dir.resolve("kernel"))) {
            files.filter(f -> f.getFileName().toString().endsWith(".ko"))
                    .forEach(f -> modules.byName.put(moduleName(f.getFileName().toString()), f));
            Files.readAllLines(dir.resolve("modules.builtin")).forEach(line ->
                    modules.builtin.add(moduleName(Path.of(line).getFileName().toString())));
        } catch (NoSuchFileException e) {
            // No modules.builtin: nothing is known to be built in, so every wanted module must be a file.
        } catch (IOException e) {
            throw BerthException.internal("cannot read kernel modules in " + dir + ": " + e.getMessage(), e);
        }
        return modules;
    }

    /** The files of {@code wanted} and everything they depend on, dependencies first; built-in ones need none. */
    List<Path> resolve(List<String> wanted) {
        Set<String> ordered = new LinkedHashSet<>();
        for (String name : wanted) {
            visit(moduleName(name), ordered, new LinkedHashSet<>());
        }
        return ordered.stream().map(byName::get).toList();
    }

    private void visit(String name, Set<String> ordered, Set<String> path) {
        if (ordered.contains(name) || !path.add(name)) {
            return;
        }
        Path file = byName.get(name);
        if (file == null) {
            if (builtin.contains(name)) {
                return;
            }
            throw BerthException.invalid("kernel module %s is neither in %s nor built into the kernel; VMs need it"
                    .formatted(name, dir));
        }
        for (String dependency : dependencies(file)) {
            visit(dependency, ordered, path);
        }
        ordered.add(name);
    }

    static List<String> dependencies(Path module) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(module);
        } catch (IOException e) {
            throw BerthException.internal("cannot read kernel module " + module + ": " + e.getMessage(), e);
        }
        int at = indexOf(bytes, DEPENDS);
        if (at < 0) {
            return List.of();
        }
        int start = at + DEPENDS.length;
        int end = start;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        List<String> names = new ArrayList<>();
        for (String name : new String(bytes, start, end - start, StandardCharsets.US_ASCII).split(",")) {
            if (!name.isBlank()) {
                names.add(moduleName(name));
            }
        }
        return names;
    }

    /**
     * The module without its appended signature. Debian signs its modules, and the guest kernel checks each
     * signature it finds (RSA under TCG: ~0.2 s of a boot for Berth's ten modules) but does not require one
     * (no module.sig_enforce), so an unsigned module loads at once; the guest kernel is tainted "E" for it.
     * Layout (scripts/sign-file.c): module, signature, {@code struct module_signature} (12 bytes, signature length
     * big-endian in its last 4), then the magic string.
     */
    static byte[] withoutSignature(byte[] module) {
        byte[] magic = "~Module signature appended~\n".getBytes(StandardCharsets.US_ASCII);
        int info = module.length - magic.length - 12;
        if (info < 0 || !Arrays.equals(module, info + 12, module.length, magic, 0, magic.length)) {
            return module;
        }
        long signatureLength = ByteBuffer.wrap(module, info + 8, 4).getInt() & 0xffffffffL;
        long start = info - (module[info + 3] & 0xff) - (module[info + 4] & 0xff) - signatureLength;
        if (start < 0) {
            return module;
        }
        return Arrays.copyOf(module, (int) start);
    }

    /** The kernel treats - and _ in module names alike; files may carry either. */
    static String moduleName(String fileOrName) {
        String name = fileOrName.endsWith(".ko") ? fileOrName.substring(0, fileOrName.length() - 3) : fileOrName;
        return name.replace('-', '_');
    }

    private static int indexOf(byte[] bytes, byte[] wanted) {
        outer:
        for (int i = 0; i + wanted.length <= bytes.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (bytes[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
