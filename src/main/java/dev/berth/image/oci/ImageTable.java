package dev.berth.image.oci;

import dev.berth.common.Database;
import dev.berth.common.Digest;
import dev.berth.common.Json;
import dev.berth.image.Image;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageRef;
import dev.berth.image.RepoDigest;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Image records, tags and digest references ({@code repo@sha256:...}, Docker's RepoDigests) in the
 * {@code image_images}, {@code image_tags} and {@code image_digests} tables.
 */
final class ImageTable {
    private static final String COLUMNS = "id, manifest, created_nanos, size, architecture, os, config, diff_ids";
    private final Database db;

    ImageTable(Database db) {
        this.db = db;
        db.migrate("""
                CREATE TABLE IF NOT EXISTS image_images (
                    id TEXT PRIMARY KEY, manifest TEXT NOT NULL, created_nanos INTEGER NOT NULL,
                    size INTEGER NOT NULL, architecture TEXT NOT NULL, os TEXT NOT NULL,
                    config TEXT NOT NULL, diff_ids TEXT NOT NULL)""",
                """
                CREATE TABLE IF NOT EXISTS image_tags (
                    ref TEXT PRIMARY KEY,
                    image_id TEXT NOT NULL REFERENCES image_images(id) ON DELETE CASCADE)""",
                "CREATE INDEX IF NOT EXISTS image_tags_by_image ON image_tags(image_id)",
                """
                CREATE TABLE IF NOT EXISTS image_digests (
                    ref TEXT PRIMARY KEY,
                    image_id TEXT NOT NULL REFERENCES image_images(id) ON DELETE CASCADE)""",
                "CREATE INDEX IF NOT EXISTS image_digests_by_image ON image_digests(image_id)",
                """
                CREATE TABLE IF NOT EXISTS image_parents (
                    image_id TEXT PRIMARY KEY REFERENCES image_images(id) ON DELETE CASCADE,
                    parent_id TEXT NOT NULL)""");
    }

    /** Records an image unless one with its id exists (same config blob, same image). */
    void insertIfAbsent(Image image) {
        Instant created = image.created();
        db.update("INSERT OR IGNORE INTO image_images (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                image.id().toString(), image.manifest().toString(),
                created.getEpochSecond() * 1_000_000_000L + created.getNano(), image.size(), image.architecture(),
                image.os(), Json.string(image.config()),
                String.join(",", image.diffIds().stream().map(Digest::toString).toList()));
    }

    Optional<Image> byId(Digest id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM image_images WHERE id = ?", this::image, id.toString());
    }

    Optional<Image> byTag(String ref) {
        return db.queryOne("SELECT " + COLUMNS + " FROM image_images WHERE id = (SELECT image_id FROM image_tags"
                + " WHERE ref = ?)", this::image, ref);
    }

    Optional<Image> byDigest(RepoDigest ref) {
        return db.queryOne("SELECT " + COLUMNS + " FROM image_images WHERE id = (SELECT image_id FROM image_digests"
                + " WHERE ref = ?)", this::image, ref.toString());
    }

    /** Ids starting with {@code sha256:<hexPrefix>}; the prefix must be lowercase hex. */
    List<Digest> idsWithPrefix(String hexPrefix) {
        return db.query("SELECT id FROM image_images WHERE substr(id, 1, ?) = ?",
                row -> Digest.parse(row.getString(1)), 7 + hexPrefix.length(), "sha256:" + hexPrefix);
    }

    /** All images, newest first. */
    List<Image> all() {
        return db.query("SELECT " + COLUMNS + " FROM image_images ORDER BY created_nanos DESC, id", this::image);
    }

    /** Records that {@code child} was committed on top of {@code parent} (a build step, as Docker's Parent). */
    void setParent(Digest child, Digest parent) {
        db.update("INSERT OR IGNORE INTO image_parents (image_id, parent_id) VALUES (?, ?)", child.toString(), parent.toString());
    }

    Optional<Digest> parentOf(Digest id) {
        return db.queryOne("SELECT parent_id FROM image_parents WHERE image_id = ?", row -> Digest.parse(row.getString(1)),
                id.toString());
    }

    /** Ids of images that another image was committed on. */
    java.util.Set<Digest> parents() {
        return new java.util.HashSet<>(db.query("SELECT DISTINCT parent_id FROM image_parents", row -> Digest.parse(row.getString(1))));
    }

    void tag(String ref, Digest id) {
        db.update("INSERT INTO image_tags (ref, image_id) VALUES (?, ?)"
                + " ON CONFLICT(ref) DO UPDATE SET image_id = excluded.image_id", ref, id.toString());
    }

    void untag(String ref) {
        db.update("DELETE FROM image_tags WHERE ref = ?", ref);
    }

    /**
     * Records that {@code ref} names image {@code id}. A digest names one manifest and so one image: a reference
     * recorded before stays as it is, as dockerd's reference store keeps it.
     */
    void addDigest(RepoDigest ref, Digest id) {
        db.update("INSERT OR IGNORE INTO image_digests (ref, image_id) VALUES (?, ?)", ref.toString(), id.toString());
    }

    void removeDigest(String ref) {
        db.update("DELETE FROM image_digests WHERE ref = ?", ref);
    }

    void delete(Digest id) {
        db.inTransaction(() -> {
            db.update("DELETE FROM image_tags WHERE image_id = ?", id.toString());
            db.update("DELETE FROM image_digests WHERE image_id = ?", id.toString());
            return db.update("DELETE FROM image_images WHERE id = ?", id.toString());
        });
    }

    private Image image(ResultSet row) throws SQLException {
        String id = row.getString("id");
        List<String> tags = db.query("SELECT ref FROM image_tags WHERE image_id = ?", r -> r.getString(1), id).stream()
                .sorted(Comparator.comparing(t -> ImageRef.parse(t).qualified())).toList();
        List<String> digests = db.query("SELECT ref FROM image_digests WHERE image_id = ? ORDER BY ref", r -> r.getString(1), id);
        long nanos = row.getLong("created_nanos");
        String diffIds = row.getString("diff_ids");
        return new Image(Digest.parse(id), Digest.parse(row.getString("manifest")), tags, digests,
                Json.parse(row.getString("config").getBytes(StandardCharsets.UTF_8), ImageConfig.class, "image " + id),
                diffIds.isEmpty() ? List.of() : Arrays.stream(diffIds.split(",")).map(Digest::parse).toList(),
                Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)),
                row.getLong("size"), row.getString("architecture"), row.getString("os"));
    }
}
