package io.smarthost.panel.host.db;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What differs between the two databases the panel runs on: the embedded H2 (default) and a
 * PostgreSQL server ({@code [database] url = jdbc:postgresql://...}). Everything else in the stores
 * is standard SQL both accept.
 */
public enum Dialect {
    H2("jdbc:h2:", "ID"),
    POSTGRESQL("jdbc:postgresql:", "id");

    private final String prefix;
    private final String idColumn;

    Dialect(String prefix, String idColumn) {
        this.prefix = prefix;
        this.idColumn = idColumn;
    }

    /** The dialect of a JDBC URL; a URL of any other database is refused with what is allowed. */
    public static Dialect of(String url) {
        for (Dialect d : values()) {
            if (url != null && url.startsWith(d.prefix)) {
                return d;
            }
        }
        throw new DatabaseConfigException("[database] url must start with jdbc:postgresql:// (a PostgreSQL server) or "
                + "jdbc:h2: (unset: the embedded database), not '" + Database.printable(url) + "'");
    }

    /** The generated key column as the driver wants it named ({@code Connection.prepareStatement(sql, names)}). */
    public String idColumn() {
        return idColumn;
    }

    /**
     * An insert-or-update of one row by its key, parameters in {@code columns} order. H2: {@code MERGE
     * ... KEY}; PostgreSQL: {@code INSERT ... ON CONFLICT ... DO UPDATE}. Both are atomic against a
     * concurrent insert of the same key (a standard {@code MERGE} on PostgreSQL is not).
     */
    public String upsert(String table, List<String> keys, List<String> columns) {
        String cols = String.join(", ", columns);
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        if (this == H2) {
            return "merge into " + table + "(" + cols + ") key(" + String.join(", ", keys) + ") values (" + marks + ")";
        }
        return "insert into " + table + "(" + cols + ") values (" + marks + ")" + onConflict(keys, columns);
    }

    /** PostgreSQL's {@code ON CONFLICT} clause: the non-key columns take the new row's values. */
    private static String onConflict(List<String> keys, List<String> columns) {
        String updates = columns.stream().filter(c -> !keys.contains(c)).map(c -> c + " = excluded." + c)
                .collect(Collectors.joining(", "));
        return " on conflict (" + String.join(", ", keys) + ") do " + (updates.isEmpty() ? "nothing" : "update set " + updates);
    }

    /**
     * An insert that leaves an existing row with the same key alone. On PostgreSQL a failed statement
     * aborts the whole transaction around it, so a duplicate must not be an error there; on H2 it is
     * (the caller ignores it) and the transaction goes on.
     */
    public String insertIfAbsent(String table, List<String> keys, List<String> columns) {
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        String insert = "insert into " + table + "(" + String.join(", ", columns) + ") values (" + marks + ")";
        return this == H2 ? insert : insert + " on conflict (" + String.join(", ", keys) + ") do nothing";
    }

    /**
     * A string array parameter usable as a table ({@code unnest(...)}): H2 types the bound array itself;
     * PostgreSQL needs the cast.
     */
    public String stringArray() {
        return this == H2 ? "?" : "cast(? as varchar[])";
    }

    /**
     * A string from an array compared with a key column: on PostgreSQL the panel's key columns are in the
     * "C" collation (V2_1), and an array's strings in the database's default one; the comparison names one.
     */
    public String asKey(String expression) {
        return this == H2 ? expression : expression + " collate \"C\"";
    }

    /**
     * The rows of {@code table} whose key is in a string array parameter (the first {@code ?}), one primary-key
     * lookup per array element: {@code select u.k, <columns> ... where <where>}, {@code where} naming the
     * table's alias {@code t} and the array's element {@code u.k} (its other {@code ?} come after the array).
     *
     * <p>On PostgreSQL the lookups are a {@code lateral} subquery: written as a join, the planner follows the
     * table's statistics, and inside the transaction that filled the table they still describe it as it was
     * (9 rows, when a bulk change of 100,000 domains had just written 800,000): it then scanned every row of
     * the plugin once per chunk (58 s per 1,000 keys at 800,000 rows; 5 ms as lookups).
     */
    public String keyedRead(String table, String columns, String where) {
        if (this == H2) {
            return "select u.k, " + columns + " from unnest(?) u(k) join " + table + " t on " + where;
        }
        return "select u.k, t.* from unnest(cast(? as varchar[])) u(k) cross join lateral (select " + columns
                + " from " + table + " t where " + where + " limit 1) t";
    }

    /**
     * An insert-or-update of many rows given as arrays, {@code select} being a select of the rows
     * ({@code columns} order). H2: {@code MERGE ... KEY ... SELECT}; PostgreSQL: {@code INSERT ... SELECT ... ON CONFLICT}.
     */
    public String upsertSelect(String table, List<String> keys, List<String> columns, String select) {
        String cols = String.join(", ", columns);
        if (this == H2) {
            return "merge into " + table + "(" + cols + ") key(" + String.join(", ", keys) + ") " + select;
        }
        return "insert into " + table + "(" + cols + ") " + select + onConflict(keys, columns);
    }

    /** The folder of migrations only this database runs (beside the common {@code db/}), if any. */
    String migrationsOfItsOwn() {
        return "db-" + name().toLowerCase(Locale.ROOT);
    }
}
