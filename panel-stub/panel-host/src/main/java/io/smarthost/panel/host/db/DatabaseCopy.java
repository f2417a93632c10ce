package io.smarthost.panel.host.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Copies every row of the panel's tables from one database to another whose schema Flyway has just
 * made (H2 to PostgreSQL, or back): tables in foreign-key order, ids kept (identity columns restarted
 * after them), the whole copy in one transaction of the target, the source read in one transaction.
 * Then each table is compared: row count and an order-independent digest of its rows' values. Plugin
 * secrets are copied sealed as they are: the key that opens them stays in the home.
 */
public final class DatabaseCopy {

    /** One table: rows in the source, rows in the target, and whether their contents are equal. */
    public record TableCount(String table, long source, long target, boolean sameContent) {
        public boolean ok() {
            return source == target && sameContent;
        }
    }

    private static final Set<String> NOT_COPIED = Set.of(SchemaMigrations.HISTORY_TABLE, SchemaMigrations.LEGACY_TABLE);
    private static final int BATCH = 500;

    private DatabaseCopy() {
    }

    /** Tables whose rows the migrations write (a counter's first value): not "panel data" in a new database. */
    static final java.util.Set<String> SEEDED_BY_MIGRATIONS = java.util.Set.of("domain_names_generation");

    /**
     * Copies {@code from} into {@code to}; refuses a target that already holds panel rows (nothing is
     * merged or overwritten). Returns the comparison of every table.
     */
    public static List<TableCount> copy(Database from, Database to) throws SQLException {
        try (Connection src = from.connection(); Connection dst = to.connection()) {
            src.setAutoCommit(false);
            src.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            List<String> tables = tablesInDependencyOrder(src);
            for (String t : tables) {
                long there = SEEDED_BY_MIGRATIONS.contains(t) ? 0 : count(dst, t);
                if (there > 0) {
                    throw new IllegalStateException("the target database already holds panel data (" + there + " row(s) in "
                            + t + "): give an empty database");
                }
            }
            dst.setAutoCommit(false);
            try {
                for (String t : tables) {
                    if (SEEDED_BY_MIGRATIONS.contains(t)) {
                        try (var clear = dst.createStatement()) {
                            clear.executeUpdate("delete from " + t); // the migration's first row, replaced by the source's
                        }
                    }
                    copyTable(src, dst, t);
                    restartIdentity(dst, t);
                }
                dst.commit();
            } catch (SQLException | RuntimeException e) {
                dst.rollback();
                throw e;
            } finally {
                dst.setAutoCommit(true);
            }
            List<TableCount> report = new ArrayList<>();
            for (String t : tables) {
                report.add(new TableCount(t, count(src, t), count(dst, t), digest(src, t) == digest(dst, t)));
            }
            src.commit();
            return report;
        }
    }

    /** The panel's tables (lower case), each after the tables its foreign keys point to. */
    static List<String> tablesInDependencyOrder(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        Map<String, String> names = new LinkedHashMap<>();
        try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (!NOT_COPIED.contains(name.toLowerCase(Locale.ROOT))) {
                    names.put(name.toLowerCase(Locale.ROOT), name);
                }
            }
        }
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : names.entrySet()) {
            Set<String> p = new LinkedHashSet<>();
            try (ResultSet rs = meta.getImportedKeys(c.getCatalog(), c.getSchema(), e.getValue())) {
                while (rs.next()) {
                    p.add(rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT));
                }
            }
            p.remove(e.getKey());
            parents.put(e.getKey(), p);
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < parents.size()) {
            boolean progress = false;
            for (Map.Entry<String, Set<String>> e : parents.entrySet()) {
                if (!ordered.contains(e.getKey()) && ordered.containsAll(e.getValue().stream().filter(parents::containsKey).toList())) {
                    ordered.add(e.getKey());
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("circular foreign keys between " + parents.keySet());
            }
        }
        return ordered;
    }

    private static void copyTable(Connection src, Connection dst, String table) throws SQLException {
        try (Statement read = src.createStatement()) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery("select * from " + table)) {
                ResultSetMetaData meta = rs.getMetaData();
                int n = meta.getColumnCount();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    columns.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
                }
                String insert = "insert into " + table + "(" + String.join(", ", columns) + ") values ("
                        + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")";
                try (PreparedStatement write = dst.prepareStatement(insert)) {
                    int pending = 0;
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            write.setObject(i, rs.getObject(i));
                        }
                        write.addBatch();
                        if (++pending == BATCH) {
                            write.executeBatch();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        write.executeBatch();
                    }
                }
            }
        }
    }

    /** The next generated id follows the copied ones (explicit ids do not move an identity's counter). */
    private static void restartIdentity(Connection dst, String table) throws SQLException {
        if (!hasIdColumn(dst, table)) {
            return;
        }
        long next;
        try (Statement s = dst.createStatement(); ResultSet rs = s.executeQuery("select coalesce(max(id), 0) + 1 from " + table)) {
            rs.next();
            next = rs.getLong(1);
        }
        try (Statement s = dst.createStatement()) {
            s.execute("alter table " + table + " alter column id restart with " + next);
        }
    }

    private static boolean hasIdColumn(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from " + table + " where 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                if (meta.getColumnName(i).equalsIgnoreCase("id") && meta.isAutoIncrement(i)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The sum (mod 2^64) of a SHA-256 prefix of each row's values, columns by name: equal on both sides
     * whatever order each database returns the rows in.
     */
    static long digest(Connection c, String table) throws SQLException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long sum = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from " + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Integer> byName = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                byName.add(i);
            }
            byName.sort(java.util.Comparator.comparing(i -> columnName(meta, i)));
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i : byName) {
                    Object v = rs.getObject(i);
                    row.append(v == null ? "\u0000null" : String.valueOf(v)).append('\u0001');
                }
                byte[] h = sha.digest(row.toString().getBytes(StandardCharsets.UTF_8));
                long prefix = 0;
                for (int b = 0; b < 8; b++) {
                    prefix = (prefix << 8) | (h[b] & 0xff);
                }
                sum += prefix;
            }
        }
        return sum;
    }

    private static String columnName(ResultSetMetaData meta, int i) {
        try {
            return meta.getColumnName(i).toLowerCase(Locale.ROOT);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
