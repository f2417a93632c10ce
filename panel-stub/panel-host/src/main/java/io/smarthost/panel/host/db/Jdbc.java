package io.smarthost.panel.host.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Small JDBC helpers so that the stores read as SQL plus a row mapper. Every call either joins the
 * transaction open on this thread ({@link #inTransaction}) or uses a connection of its own.
 */
public final class Jdbc {

    private final Database db;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    public Jdbc(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws Exception;
    }

    /**
     * Runs {@code work} in one transaction on this thread; nested calls join the outer one. An
     * exception rolls everything back and reaches the caller unchanged.
     */
    public <T> T inTransaction(Work<T> work) throws Exception {
        Connection open = current.get();
        if (open != null) {
            return work.run(open);
        }
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            current.set(c);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Exception | Error e) {
                c.rollback();
                throw e;
            } finally {
                current.remove();
                c.setAutoCommit(true);
            }
        }
    }

    /** Like {@link #inTransaction} for work that throws only SQL errors, rethrown unchecked. */
    public <T> T tx(Work<T> work) {
        try {
            return inTransaction(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new DataAccessException(e.getMessage(), e);
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return tx(c -> {
            try (PreparedStatement p = prepare(c, sql, params); ResultSet rs = p.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        });
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public long count(String sql, Object... params) {
        return one(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    public int update(String sql, Object... params) {
        return tx(c -> {
            try (PreparedStatement p = prepare(c, sql, params)) {
                return p.executeUpdate();
            }
        });
    }

    /** Runs an insert and returns the generated id. */
    public long insert(String sql, Object... params) {
        return tx(c -> {
            try (PreparedStatement p = c.prepareStatement(sql, new String[] {"ID"})) {
                bind(p, params);
                p.executeUpdate();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement p = c.prepareStatement(sql);
        bind(p, params);
        return p;
    }

    private static void bind(PreparedStatement p, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            p.setObject(i + 1, params[i]);
        }
    }

    /** A database failure; the message comes from the driver. */
    public static final class DataAccessException extends RuntimeException {
        public DataAccessException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Escapes {@code %}, {@code _} and {@code \} for a LIKE pattern with {@code ESCAPE '\'}. */
    public static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
