package io.smarthost.panel.host.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
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
    /** The connection this thread reads lazily through ({@link #lazily}), if any. */
    private final ThreadLocal<Connection> lazy = new ThreadLocal<>();

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

    /**
     * Work on the transaction's connection.
     *
     * @param <X> the checked exception it may throw ({@link SQLException} for plain JDBC work)
     */
    @FunctionalInterface
    public interface Work<T, X extends Exception> {
        T run(Connection c) throws X;
    }

    /**
     * Runs {@code work} in one transaction on this thread; nested calls join the outer one. An
     * exception rolls everything back and reaches the caller unchanged; a failure to connect or to
     * commit is a {@link DataAccessException}.
     */
    public <T, X extends Exception> T inTransaction(Work<T, X> work) throws X {
        return run(work, false);
    }

    /**
     * Runs {@code work} in a transaction that is rolled back whatever happens; nested in a transaction
     * open on this thread, it rolls back to a savepoint taken before {@code work}, so the outer
     * transaction keeps its own writes.
     */
    public <T, X extends Exception> T inRollbackTransaction(Work<T, X> work) throws X {
        Connection open = current.get();
        if (open == null) {
            return run(work, true);
        }
        Savepoint before = sql(open::setSavepoint);
        try {
            return work.run(open);
        } finally {
            sql(() -> {
                open.rollback(before);
                return null;
            });
        }
    }

    private <T, X extends Exception> T run(Work<T, X> work, boolean rollbackOnly) throws X {
        Connection open = current.get();
        if (open != null) {
            return work.run(open);
        }
        Connection c = sql(db::connection);
        try {
            sql(() -> {
                c.setAutoCommit(false);
                return null;
            });
            current.set(c);
            T result;
            try {
                result = work.run(c);
            } catch (Throwable e) {
                rollback(c, e);
                throw e;
            }
            sql(() -> {
                if (rollbackOnly) {
                    c.rollback();
                } else {
                    c.commit();
                }
                return null;
            });
            return result;
        } finally {
            current.remove();
            close(c);
        }
    }

    /** Like {@link #inTransaction} for plain JDBC work, whose SQL errors become {@link DataAccessException}s. */
    public <T> T tx(Work<T, SQLException> work) {
        return sql(() -> inTransaction(work));
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void close(Connection c) {
        try (c) {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            throw new DataAccessException(e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private static <T> T sql(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new DataAccessException(e.getMessage(), e);
        }
    }

    /**
     * One statement: in the transaction open on this thread, or else alone on a connection in autocommit
     * mode, which is atomic by itself. On PostgreSQL a transaction around it costs a round trip for its
     * commit: a one-domain change made some twenty of them for its reads alone.
     */
    private <T> T statement(Work<T, SQLException> work) {
        Connection open = current.get();
        if (open != null) {
            return sql(() -> work.run(open));
        }
        return sql(() -> {
            try (Connection c = db.connection()) {
                if (!c.getAutoCommit()) {
                    c.setAutoCommit(true);
                }
                return work.run(c);
            }
        });
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return statement(c -> {
            try (PreparedStatement p = prepare(c, sql, params); ResultSet rs = p.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        });
    }

    /** What {@link #forEachRow} does with each row. */
    @FunctionalInterface
    public interface RowAction {
        void accept(ResultSet rs) throws SQLException;
    }

    /**
     * Each row of {@code sql} to {@code action} as the database reads it; the result is never held
     * whole (see {@link #lazily}). In the transaction open on this thread, or in one of its own.
     */
    public void forEachRow(String sql, RowAction action, Object... params) {
        tx(c -> lazily(c, () -> {
            try (PreparedStatement p = prepare(c, sql, params)) {
                p.setFetchSize(STREAM_FETCH);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        action.accept(rs);
                    }
                }
            }
            return null;
        }));
    }

    /** Rows a server database sends per round trip to a streamed read. */
    public static final int STREAM_FETCH = 500;

    /** Work that reads through a connection. */
    @FunctionalInterface
    public interface Reading<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code reading} (statements on {@code c}) with H2's lazy query execution: H2 otherwise builds a
     * query's whole result before it returns the first row, past 10,000 rows in a temporary file (a third of
     * the time of a walk over 100,000 rows); lazily, it reads the index as the rows are asked for. A server
     * database streams by itself within a transaction ({@link #STREAM_FETCH} rows per round trip).
     */
    public <T> T lazily(Connection c, Reading<T> reading) throws SQLException {
        if (db.dialect() != Dialect.H2 || lazy.get() == c) {
            return reading.run();
        }
        try (var s = c.createStatement()) {
            s.execute("set lazy_query_execution true");
        }
        lazy.set(c);
        try {
            return reading.run();
        } finally {
            lazy.remove();
            try (var s = c.createStatement()) {
                s.execute("set lazy_query_execution false");
            }
        }
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public long count(String sql, Object... params) {
        return one(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /**
     * The rows of {@code select 1 from FROM_WHERE}, counting no further than {@code countLimit} in
     * {@code orderBy} order ({@link Long#MAX_VALUE}: all of them): a pager's total that stays bounded.
     */
    public long countUpTo(String fromWhere, String orderBy, long countLimit, Object... params) {
        if (countLimit == Long.MAX_VALUE) {
            return count("select count(*) from " + fromWhere, params);
        }
        Object[] countArgs = java.util.Arrays.copyOf(params, params.length + 1);
        countArgs[params.length] = Math.max(0, countLimit);
        return count("select count(*) from (select 1 from " + fromWhere + " order by " + orderBy
                + " fetch first ? rows only) t", countArgs);
    }

    public int update(String sql, Object... params) {
        return statement(c -> {
            try (PreparedStatement p = prepare(c, sql, params)) {
                return p.executeUpdate();
            }
        });
    }

    /** Runs an insert and returns the generated id. */
    public long insert(String sql, Object... params) {
        return statement(c -> {
            try (PreparedStatement p = c.prepareStatement(sql, new String[] {db.dialect().idColumn()})) {
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

    /** An insert-or-update of one row by its key in this database's SQL ({@link Dialect#upsert}). */
    public int upsert(String table, java.util.List<String> keys, java.util.List<String> columns, Object... params) {
        return update(db.dialect().upsert(table, keys, columns), params);
    }

    /** Escapes {@code %}, {@code _} and {@code \} for a LIKE pattern with {@code ESCAPE '\'}. */
    public static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
