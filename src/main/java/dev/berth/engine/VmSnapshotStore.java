package dev.berth.engine;

import dev.berth.common.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Snapshot metadata in SQLite, one row per VM and name. A row goes with its container (ON DELETE CASCADE); the
 * snapshot's files are the VM runtime's, written before the row and deleted after it.
 */
final class VmSnapshotStore {
    private static final String SELECT = "SELECT vm, name, created, size FROM vm_snapshots";

    private final Database db;

    VmSnapshotStore(Database db) {
        this.db = db;
        db.migrate("CREATE TABLE IF NOT EXISTS vm_snapshots (vm TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,"
                + " name TEXT NOT NULL, created TEXT NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (vm, name))");
    }

    /** CONFLICT when the VM has a snapshot of that name already. */
    void insert(VmSnapshot snapshot) {
        db.update("INSERT INTO vm_snapshots (vm, name, created, size) VALUES (?, ?, ?, ?)", snapshot.vm(), snapshot.name(),
                snapshot.created().toString(), snapshot.sizeBytes());
    }

    Optional<VmSnapshot> find(String vm, String name) {
        return db.queryOne(SELECT + " WHERE vm = ? AND name = ?", VmSnapshotStore::snapshot, vm, name);
    }

    /** The VM's snapshots, oldest first. */
    List<VmSnapshot> of(String vm) {
        return db.query(SELECT + " WHERE vm = ? ORDER BY created, name", VmSnapshotStore::snapshot, vm);
    }

    void delete(String vm, String name) {
        db.update("DELETE FROM vm_snapshots WHERE vm = ? AND name = ?", vm, name);
    }

    private static VmSnapshot snapshot(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new VmSnapshot(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)), rs.getLong(4));
    }
}
