package dev.berth.orchestrate;

import dev.berth.common.BerthException;
import dev.berth.common.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stacks and their services in SQLite: the desired state the reconciler converges to. A deploy writes a stack
 * and all its services in one transaction, so a failed deploy leaves the previous state whole.
 */
public final class StackStore {
    private static final String SERVICES = "SELECT stack, name, spec, previous, replicas, state, message, updated FROM stack_services";
    private static final String STACKS = "SELECT name, definition, created FROM stacks";

    private final Database db;

    public StackStore(Database db) {
        this.db = db;
        db.migrate("CREATE TABLE IF NOT EXISTS stacks (name TEXT PRIMARY KEY, definition TEXT NOT NULL, created TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS stack_services (stack TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL,"
                        + " previous TEXT NOT NULL, replicas INTEGER NOT NULL, state TEXT NOT NULL, message TEXT NOT NULL,"
                        + " updated TEXT NOT NULL, PRIMARY KEY (stack, name))");
    }

    /**
     * A stored stack: its name, its project as deployed (JSON, with config and secret contents: never shown by the
     * API), and when it was first deployed.
     */
    public record StackRow(String name, String definition, Instant created) {}

    /**
     * Stores a stack's definition and its services' in one transaction. A service whose spec changed keeps its
     * old spec as {@code previous} and starts updating; services no longer defined are deleted.
     */
    public void save(String stack, String definition, List<ServiceRecord> services) {
        db.inTransaction(() -> {
            Instant created = find(stack).map(StackRow::created).orElse(Instant.now());
            db.update("INSERT OR REPLACE INTO stacks (name, definition, created) VALUES (?, ?, ?)", stack, definition, created.toString());
            db.update("DELETE FROM stack_services WHERE stack = ? AND name NOT IN (SELECT value FROM json_each(?))", stack,
                    dev.berth.common.Json.string(services.stream().map(ServiceRecord::name).toList()));
            services.forEach(this::put);
            return null;
        });
    }

    public void put(ServiceRecord s) {
        db.update("INSERT OR REPLACE INTO stack_services (stack, name, spec, previous, replicas, state, message, updated)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", s.stack(), s.name(), s.spec(), s.previous(), s.replicas(), s.state().name(),
                s.message(), s.updatedAt().toString());
    }

    public Optional<StackRow> find(String stack) {
        return db.queryOne(STACKS + " WHERE name = ?", StackStore::stack, stack);
    }

    public StackRow resolve(String stack) {
        return find(stack).orElseThrow(() -> BerthException.notFound("stack " + stack + " not found (see: berth stack ls)"));
    }

    public List<StackRow> stacks() {
        return db.query(STACKS + " ORDER BY name", StackStore::stack);
    }

    public List<ServiceRecord> services() {
        return db.query(SERVICES + " ORDER BY stack, name", StackStore::service);
    }

    public List<ServiceRecord> services(String stack) {
        return db.query(SERVICES + " WHERE stack = ? ORDER BY name", StackStore::service, stack);
    }

    public Optional<ServiceRecord> service(String stack, String name) {
        return db.queryOne(SERVICES + " WHERE stack = ? AND name = ?", StackStore::service, stack, name);
    }

    public void delete(String stack) {
        db.inTransaction(() -> {
            db.update("DELETE FROM stack_services WHERE stack = ?", stack);
            db.update("DELETE FROM stacks WHERE name = ?", stack);
            return null;
        });
    }

    private static StackRow stack(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StackRow(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)));
    }

    private static ServiceRecord service(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ServiceRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                RolloutState.valueOf(rs.getString(6)), rs.getString(7), Instant.parse(rs.getString(8)));
    }
}
