package dev.berth.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Berth's metadata store: one SQLite file in WAL mode. One connection, used under a lock, because SQLite
 * has a single writer anyway and metadata statements take microseconds. Each capability creates its own
 * tables with {@link #migrate}.
 */
public final class Database implements AutoCloseable {
    /** Reads one row of a result into a value. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private Database(Connection connection) {
        this.connection = connection;
    }

    public static Database open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA busy_timeout=5000");
            }
            return new Database(c);
        } catch (Exception e) {
            throw BerthException.internal("cannot open metadata database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs idempotent DDL ({@code CREATE TABLE IF NOT EXISTS ...}). */
    public void migrate(String... statements) {
        inTransaction(() -> {
            try (Statement s = connection.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
            return null;
        });
    }

    public int update(String sql, Object... args) {
        return inTransaction(() -> {
            try (PreparedStatement ps = prepare(sql, args)) {
                return ps.executeUpdate();
            }
        });
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return locked(() -> {
            try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        });
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /** Runs {@code work} atomically: all its statements commit together or none does. Re-entrant. */
    public <T> T inTransaction(Work<T> work) {
        return locked(() -> {
            boolean outer = connection.getAutoCommit();
            if (outer) {
                connection.setAutoCommit(false);
            }
            try {
                T result = work.run();
                if (outer) {
                    connection.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                if (outer) {
                    connection.rollback();
                }
                throw e;
            } finally {
                if (outer) {
                    connection.setAutoCommit(true);
                }
            }
        });
    }

    private <T> T locked(Work<T> work) {
        lock.lock();
        try {
            return work.run();
        } catch (SQLException e) {
            if (e.getErrorCode() == 19) { // SQLITE_CONSTRAINT: a unique name or key already taken
                throw BerthException.conflict("already exists: " + e.getMessage());
            }
            throw BerthException.internal("metadata database error: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw BerthException.internal("cannot close metadata database: " + e.getMessage(), e);
        }
    }
}
