package dev.berth.engine;

import dev.berth.common.BerthException;
import dev.berth.common.Database;
import dev.berth.common.FileTrees;
import dev.berth.common.Ids;
import dev.berth.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Named volumes under {@code <data-root>/volumes/NAME/_data}, as Docker's local driver lays them out. */
public final class VolumeService {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private final Database db;
    private final Path root;

    public VolumeService(Database db, Path root) {
        this.db = db;
        this.root = root;
        db.migrate("CREATE TABLE IF NOT EXISTS volumes (name TEXT PRIMARY KEY, created TEXT NOT NULL, labels TEXT NOT NULL)");
    }

    /** Creates a volume; an existing one of that name is returned as it is (Docker's behaviour). */
    public Volume create(String name, Map<String, String> labels) {
        String n = name.isEmpty() ? Ids.newId() : name;
        if (!NAME.matcher(n).matches()) {
            throw BerthException.invalid("invalid volume name \"" + n + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed, at least 2 characters");
        }
        Optional<Volume> existing = find(n);
        if (existing.isPresent()) {
            return existing.get();
        }
        Path data = root.resolve(n).resolve("_data");
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw BerthException.internal("cannot create volume directory " + data + ": " + e.getMessage(), e);
        }
        Instant now = Instant.now();
        db.update("INSERT INTO volumes (name, created, labels) VALUES (?, ?, ?)", n, now.toString(), Json.string(labels));
        return new Volume(n, data, now, labels);
    }

    public Optional<Volume> find(String name) {
        return db.queryOne("SELECT name, created, labels FROM volumes WHERE name = ?", rs -> toVolume(rs.getString(1),
                rs.getString(2), rs.getString(3)), name);
    }

    public Volume resolve(String name) {
        return find(name).orElseThrow(() -> BerthException.notFound("get " + name + ": no such volume"));
    }

    public List<Volume> list() {
        return db.query("SELECT name, created, labels FROM volumes ORDER BY name",
                rs -> toVolume(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    /** Deletes a volume; {@code usedBy} names a container using it, which makes this a conflict. */
    public void remove(String name, Optional<String> usedBy) {
        Volume v = resolve(name);
        usedBy.ifPresent(c -> {
            throw BerthException.conflict("remove " + name + ": volume is in use - [" + c + "]");
        });
        db.update("DELETE FROM volumes WHERE name = ?", name);
        FileTrees.deleteRecursively(v.mountpoint().getParent());
    }

    /** Whether a bind source names a volume rather than a host path. */
    public static boolean isVolumeName(String source) {
        return !source.startsWith("/") && !source.startsWith(".");
    }

    private Volume toVolume(String name, String created, String labels) {
        @SuppressWarnings("unchecked")
        Map<String, String> l = Json.parse(labels.getBytes(), Map.class, "volume labels");
        return new Volume(name, root.resolve(name).resolve("_data"), Instant.parse(created), l);
    }
}
