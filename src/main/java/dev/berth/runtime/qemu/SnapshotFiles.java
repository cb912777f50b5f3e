package dev.berth.runtime.qemu;

import dev.berth.common.AtomicFiles;
import dev.berth.common.BerthException;
import dev.berth.common.FileTrees;
import dev.berth.common.Json;
import dev.berth.runtime.VmSnapshotRef;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Snapshots on disk, under the data directory so they outlive QEMU and berthd: {@code <root>/<vm id>/<name>/} holds
 * {@code memory} (QEMU's migration stream: device state and every non-zero page of guest memory), {@code disk.qcow2}
 * (the root disk's overlay as it was) and {@code machine.json} ({@link SnapshotMachine}). A snapshot is written into
 * {@code .new-<name>} beside its final directory, synced and renamed into place, so it is whole or absent; leftovers of
 * a crash are removed when the files are opened.
 */
final class SnapshotFiles {
    private static final String NEW_PREFIX = ".new-";

    private final Path root;

    private SnapshotFiles(Path root) {
        this.root = root;
    }

    static SnapshotFiles open(Path root) {
        try {
            Files.createDirectories(root);
            try (Stream<Path> vms = Files.list(root)) {
                for (Path vm : vms.toList()) {
                    try (Stream<Path> entries = Files.list(vm)) {
                        entries.filter(e -> e.getFileName().toString().startsWith(NEW_PREFIX)).forEach(FileTrees::deleteRecursively);
                    }
                }
            }
        } catch (IOException e) {
            throw BerthException.internal("cannot open the VM snapshots in " + root + ": " + e.getMessage(), e);
        }
        return new SnapshotFiles(root);
    }

    /**
     * Saves the memory of the VM of {@code dirs}, paused meanwhile if {@code running}, and then a copy of its disk's
     * overlay, while QEMU is paused with its disks flushed, so both show one moment; returns the bytes the snapshot
     * takes. CONFLICT when {@code ref} exists; nothing of it is left when this fails.
     */
    long save(VmSnapshotRef ref, VmDirs dirs, SnapshotMachine machine, boolean running, Duration timeout) {
        if (Files.isDirectory(dir(ref))) {
            throw BerthException.conflict("VM %s already has a snapshot named %s: pick another name or remove it first (berth vm snapshot rm)"
                    .formatted(ref.vmId(), ref.name()));
        }
        Path temp = begin(ref);
        try {
            if (running) {
                Qmp.execute(dirs.qmpSocket(), "stop");
            } else if (Qmp.execute(dirs.qmpSocket(), "query-status").path("status").asText().equals("postmigrate")) {
                // Paused since an earlier snapshot, which QEMU will not migrate again: it takes back its disks first.
                Qmp.execute(dirs.qmpSocket(), List.of(new Qmp.Command("cont", Map.of()), new Qmp.Command("stop", Map.of())));
            }
            try {
                Migration.save(dirs.qmpSocket(), memory(temp), timeout);
                RootDisk.export(dirs.disk(), machine.base().isEmpty() ? Optional.empty() : Optional.of(Path.of(machine.base())), disk(temp));
            } finally {
                if (running) {
                    Qmp.execute(dirs.qmpSocket(), "cont");
                }
            }
            commit(temp, ref, machine);
        } catch (RuntimeException e) {
            FileTrees.deleteRecursively(temp);
            throw e;
        }
        return FileTrees.size(dir(ref));
    }

    /** A fresh directory to write {@code ref} into before {@link #commit}. */
    private Path begin(VmSnapshotRef ref) {
        Path temp = root.resolve(ref.vmId()).resolve(NEW_PREFIX + ref.name());
        FileTrees.deleteRecursively(temp);
        try {
            return Files.createDirectories(temp);
        } catch (IOException e) {
            throw BerthException.internal("cannot make a directory for snapshot " + ref.name() + ": " + e.getMessage(), e);
        }
    }

    /** Writes the machine's description, syncs every file of {@code temp} and renames it into place as {@code ref}. */
    private void commit(Path temp, VmSnapshotRef ref, SnapshotMachine machine) {
        AtomicFiles.write(temp.resolve("machine.json"), Json.bytes(machine));
        try {
            for (Path file : List.of(memory(temp), disk(temp))) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            Files.move(temp, dir(ref), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw BerthException.internal("cannot store snapshot %s of VM %s: %s".formatted(ref.name(), ref.vmId(), e.getMessage()), e);
        }
    }

    /** The machine {@code ref} was taken of; NOT_FOUND when there is no such snapshot. */
    SnapshotMachine machine(VmSnapshotRef ref) {
        try {
            return Json.parse(Files.readAllBytes(dir(ref).resolve("machine.json")), SnapshotMachine.class, "snapshot " + ref.name());
        } catch (NoSuchFileException e) {
            throw BerthException.notFound("VM %s has no snapshot %s (see: berth vm snapshot ls)".formatted(ref.vmId(), ref.name()));
        } catch (IOException e) {
            throw BerthException.internal("cannot read snapshot %s of VM %s: %s".formatted(ref.name(), ref.vmId(), e.getMessage()), e);
        }
    }

    Path memory(VmSnapshotRef ref) {
        return memory(dir(ref));
    }

    Path disk(VmSnapshotRef ref) {
        return disk(dir(ref));
    }

    private static Path memory(Path dir) {
        return dir.resolve("memory");
    }

    private static Path disk(Path dir) {
        return dir.resolve("disk.qcow2");
    }

    void remove(VmSnapshotRef ref) {
        FileTrees.deleteRecursively(dir(ref));
    }

    void removeAll(String vmId) {
        FileTrees.deleteRecursively(root.resolve(vmId));
    }

    /** The shared raw disks that snapshots' disks are backed by. */
    Set<Path> bases() {
        Set<Path> bases = new HashSet<>();
        try (Stream<Path> files = Files.find(root, 3, (path, attributes) -> path.getFileName().toString().equals("machine.json"))) {
            for (Path file : files.toList()) {
                String base = Json.parse(Files.readAllBytes(file), SnapshotMachine.class, file.toString()).base();
                if (!base.isEmpty()) {
                    bases.add(Path.of(base));
                }
            }
        } catch (IOException e) {
            throw BerthException.internal("cannot list the VM snapshots in " + root + ": " + e.getMessage(), e);
        }
        return bases;
    }

    private Path dir(VmSnapshotRef ref) {
        return root.resolve(ref.vmId()).resolve(ref.name());
    }
}
