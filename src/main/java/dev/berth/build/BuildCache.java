package dev.berth.build;

import dev.berth.common.Database;
import dev.berth.common.Digest;
import dev.berth.image.Image;
import dev.berth.image.ImageService;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The layer cache: a step's key (its parent image, its instruction as run, the config it runs with and, for
 * COPY/ADD, the content of its sources) → the image it made. Entries whose image was deleted are misses. It also
 * notes the snapshot keys (and RUN container ids) a build is using, so that those a crashed daemon left behind
 * are removed at the next start.
 */
final class BuildCache {
    private final Database db;
    private final ImageService images;

    BuildCache(Database db, ImageService images) {
        this.db = db;
        this.images = images;
        db.migrate("CREATE TABLE IF NOT EXISTS build_cache (step_key TEXT PRIMARY KEY, image_id TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS build_work (work_key TEXT PRIMARY KEY)");
    }

    /** Notes a snapshot key (also a RUN container's id) in use by a running build. */
    void working(String key) {
        db.update("INSERT OR IGNORE INTO build_work (work_key) VALUES (?)", key);
    }

    void done(String key) {
        db.update("DELETE FROM build_work WHERE work_key = ?", key);
    }

    /** Keys still noted: left by builds that a daemon crash cut short. */
    java.util.List<String> leftovers() {
        return db.query("SELECT work_key FROM build_work", row -> row.getString(1));
    }

    static String key(String parentId, String step, String configJson) {
        return Digest.sha256((parentId + "\n" + step + "\n" + configJson).getBytes(StandardCharsets.UTF_8)).hex();
    }

    Optional<Image> find(String key) {
        return db.queryOne("SELECT image_id FROM build_cache WHERE step_key = ?", row -> row.getString(1), key)
                .flatMap(images::find);
    }

    void put(String key, Image image) {
        db.update("INSERT INTO build_cache (step_key, image_id) VALUES (?, ?)"
                + " ON CONFLICT(step_key) DO UPDATE SET image_id = excluded.image_id", key, image.id().toString());
    }
}
