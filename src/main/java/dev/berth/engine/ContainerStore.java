package dev.berth.engine;

import dev.berth.common.BerthException;
import dev.berth.common.Database;
import dev.berth.common.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Containers persisted in SQLite, cached in memory. Names are unique (the database enforces it, so two
 * concurrent creates cannot both win).
 */
public final class ContainerStore {
    private final Database db;
    private final Map<String, Container> byId = new ConcurrentHashMap<>();

    public ContainerStore(Database db) {
        this.db = db;
        db.migrate("CREATE TABLE IF NOT EXISTS containers (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, data TEXT NOT NULL)");
        for (Container c : db.query("SELECT data FROM containers", rs -> Json.parse(rs.getBytes(1), Container.class, "stored container"))) {
            byId.put(c.id(), c);
        }
    }

    public void insert(Container c) {
        try {
            db.update("INSERT INTO containers (id, name, data) VALUES (?, ?, ?)", c.id(), c.name(), Json.string(c));
        } catch (BerthException e) {
            if (e.kind() == dev.berth.common.ErrorKind.CONFLICT) {
                throw nameConflict(c.name());
            }
            throw e;
        }
        byId.put(c.id(), c);
    }

    public void update(Container c) {
        try {
            db.update("UPDATE containers SET name = ?, data = ? WHERE id = ?", c.name(), Json.string(c), c.id());
        } catch (BerthException e) {
            if (e.kind() == dev.berth.common.ErrorKind.CONFLICT) {
                throw nameConflict(c.name());
            }
            throw e;
        }
        byId.put(c.id(), c);
    }

    /**
     * Updates the container in memory only, for frequent changes that need not survive a crash (health probe
     * results, as dockerd keeps them): the next {@link #update} writes them with the rest. Not for a name change.
     */
    public void updateInMemory(Container c) {
        byId.computeIfPresent(c.id(), (id, old) -> c);
    }

    public void delete(String id) {
        db.update("DELETE FROM containers WHERE id = ?", id);
        byId.remove(id);
    }

    public Optional<Container> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<Container> all() {
        return List.copyOf(byId.values());
    }

    /** Docker's lookup order: full id, exact name (with or without '/'), then a unique id prefix. */
    public Optional<Container> find(String ref) {
        String key = ref.startsWith("/") ? ref.substring(1) : ref;
        Container exact = byId.get(key);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (Container c : byId.values()) {
            if (c.name().equals(key)) {
                return Optional.of(c);
            }
        }
        List<Container> prefixed = new ArrayList<>();
        for (Container c : byId.values()) {
            if (!key.isEmpty() && c.id().startsWith(key)) {
                prefixed.add(c);
            }
        }
        if (prefixed.size() > 1) {
            throw BerthException.invalid("multiple IDs found with provided prefix: " + key);
        }
        return prefixed.stream().findFirst();
    }

    public Container resolve(String ref) {
        return find(ref).orElseThrow(() -> BerthException.notFound("No such container: " + ref));
    }

    public Optional<Container> byName(String name) {
        return byId.values().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Fails with Docker's words when another container has {@code name}. */
    public void requireNameFree(String name) {
        if (byName(name).isPresent()) {
            throw nameConflict(name);
        }
    }

    private BerthException nameConflict(String name) {
        String holder = byName(name).map(Container::id).orElse("?");
        return BerthException.conflict("Conflict. The container name \"/" + name + "\" is already in use by container \""
                + holder + "\". You have to remove (or rename) that container to be able to reuse that name.");
    }
}
