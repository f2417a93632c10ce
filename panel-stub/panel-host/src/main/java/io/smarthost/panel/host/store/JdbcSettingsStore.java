package io.smarthost.panel.host.store;

import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SecretBox;
import io.smarthost.panel.api.services.SettingsStore;
import io.smarthost.panel.host.db.Dialect;
import io.smarthost.panel.host.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * One plugin's key-value store: rows of {@code plugin_settings} keyed by (plugin, key), whose primary
 * key index serves prefix listings (LIKE 'prefix%' is a range scan). Secrets are sealed by the
 * {@link SecretBox} before they reach the database.
 */
public final class JdbcSettingsStore implements SettingsStore {
    /**
     * Keys under a prefix as an index range ({@code prefix <= k < prefix'}), not {@code LIKE ?}: H2 does
     * not turn a LIKE with a bound parameter into a range, and scanned every row of the plugin instead
     * (a one-domain change read all 100,000 domain settings to find the first one).
     */
    private static final String IN_PREFIX = "plugin_id = ? and k >= ? and k < ?";
    // Every "order by" names the whole primary key (plugin_id, k): ordered by k alone, H2 sorted all the
    // rows of the range before returning the first page (scanCount 100,001 for "first 16" at 100k domains).

    private static Object[] prefixArgs(String pluginId, String prefix) {
        String from = prefix == null ? "" : prefix;
        return new Object[] {pluginId, from, upperBound(from)};
    }

    /** The smallest string greater than every string starting with {@code prefix}. */
    static String upperBound(String prefix) {
        StringBuilder b = new StringBuilder(prefix);
        while (b.length() > 0 && b.charAt(b.length() - 1) == Character.MAX_VALUE) {
            b.setLength(b.length() - 1);
        }
        if (b.length() == 0) {
            return String.valueOf(Character.MAX_VALUE).repeat(256);
        }
        b.setCharAt(b.length() - 1, (char) (b.charAt(b.length() - 1) + 1));
        return b.toString();
    }


    private static final int MAX_KEY = 255;
    /** Keys per query or batch of the many-key operations. */
    private static final int CHUNK = 500;
    private final Jdbc jdbc;
    private final String pluginId;
    private final SecretBox box;

    public JdbcSettingsStore(Jdbc jdbc, String pluginId, SecretBox box) {
        this.jdbc = jdbc;
        this.pluginId = pluginId;
        this.box = box;
    }

    @Override
    public <T, X extends Exception> T inTransaction(Work<T, X> work) throws X {
        return jdbc.inTransaction(c -> work.run(new Tx(c)));
    }

    /** A PostgreSQL server's address from {@code [database] url}; empty on H2. */
    @Override
    public Optional<io.smarthost.panel.api.services.DatabaseServer> databaseServer() {
        return ServerAddress.of(jdbc.database().url(), jdbc.database().user());
    }

    /** Rolled back at the end (to a savepoint when nested in a transaction open on this thread). */
    @Override
    public <T, X extends Exception> T inRollbackTransaction(Work<T, X> work) throws X {
        return jdbc.inRollbackTransaction(c -> work.run(new Tx(c)));
    }

    /**
     * The lock is the row of the entry {@code name}: a transaction on a connection of its own updates
     * it and stays open while {@code work} runs, so the database makes every other writer of that
     * row wait (up to its lock timeout) in this process and in others; it ends with a rollback, so
     * the entry's value never changes. Re-entrant on one thread. A failure to take the lock (the lock
     * timeout) is a {@link Jdbc.DataAccessException}.
     */
    @Override
    public <T, X extends Exception> T exclusively(String name, Exclusive<T, X> work) throws X {
        String key = checkKey(name);
        java.util.Set<String> mine = HELD.get();
        if (mine.contains(pluginId + "\0" + key)) {
            return work.run();
        }
        if (get(key).isEmpty()) {
            try {
                jdbc.update(jdbc.database().dialect().insertIfAbsent("plugin_settings", List.of("plugin_id", "k"),
                        List.of("plugin_id", "k", "v", "secret")), pluginId, key, "", false);
            } catch (RuntimeException raced) {
                // another process created it first: fine, it exists now
            }
        }
        Connection c = lockRow(key);
        try {
            mine.add(pluginId + "\0" + key);
            return work.run();
        } finally {
            mine.remove(pluginId + "\0" + key);
            unlock(c);
        }
    }

    /** A connection whose open transaction has written the row {@code key}, so the database holds it locked. */
    private Connection lockRow(String key) {
        Connection c = null;
        try {
            c = jdbc.database().connection();
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement(
                    "update plugin_settings set v = ? where plugin_id = ? and k = ?")) {
                p.setString(1, java.time.Instant.now().toString());
                p.setString(2, pluginId);
                p.setString(3, key);
                p.executeUpdate();
            }
            return c;
        } catch (java.sql.SQLException e) {
            if (c != null) {
                try {
                    unlock(c);
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new Jdbc.DataAccessException(e.getMessage(), e);
        }
    }

    /** Ends the lock's transaction with a rollback (the row keeps its value) and closes its connection. */
    private static void unlock(Connection c) {
        try (c) {
            c.rollback();
            c.setAutoCommit(true);
        } catch (java.sql.SQLException e) {
            throw new Jdbc.DataAccessException(e.getMessage(), e);
        }
    }

    private static final ThreadLocal<java.util.Set<String>> HELD = ThreadLocal.withInitial(java.util.HashSet::new);

    @Override
    public Optional<String> get(String key) {
        return jdbc.one("select v from plugin_settings where plugin_id = ? and k = ?", rs -> rs.getString(1), pluginId, key);
    }

    @Override
    public PageResult<Entry> list(String prefix, String contains, int offset, int limit) {
        return new Tx(null).list(prefix, contains, offset, limit);
    }

    @Override
    public PageResult<Entry> list(String prefix, String contains, int offset, int limit, long countLimit) {
        return new Tx(null).list(prefix, contains, offset, limit, countLimit);
    }

    @Override
    public long count(String prefix) {
        return jdbc.count("select count(*) from plugin_settings where " + IN_PREFIX, prefixArgs(pluginId, prefix));
    }

    @Override
    public void forEach(String prefix, BiConsumer<String, String> action) {
        new Tx(null).forEach(prefix, action);
    }

    private static String checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY) {
            throw new IllegalArgumentException("key: 1 to " + MAX_KEY + " characters required, got "
                    + (key == null ? "none" : key.length()));
        }
        return key;
    }

    /** Operations on the connection of the transaction open on this thread (or a short one of their own). */
    private final class Tx implements Transaction {
        private final Connection connection;

        Tx(Connection connection) {
            this.connection = connection;
        }

        /** The transaction's connection, on a PostgreSQL server only (plugins' own schemas). */
        @Override
        public Optional<Connection> connection() {
            return jdbc.database().dialect() == Dialect.POSTGRESQL ? Optional.ofNullable(connection) : Optional.empty();
        }

        @Override
        public Optional<String> get(String key) {
            return JdbcSettingsStore.this.get(key);
        }

        @Override
        public void put(String key, String value) {
            write(checkKey(key), value == null ? "" : value, false);
        }

        @Override
        public void putSecret(String key, Secret secret) {
            write(checkKey(key), box.seal(secret), true);
        }

        private void write(String key, String value, boolean secret) {
            jdbc.upsert("plugin_settings", List.of("plugin_id", "k"), List.of("plugin_id", "k", "v", "secret"),
                    pluginId, key, value, secret);
        }

        @Override
        public Optional<Secret> getSecret(String key) {
            return jdbc.one("select v, secret from plugin_settings where plugin_id = ? and k = ?",
                    rs -> rs.getBoolean(2) ? rs.getString(1) : null, pluginId, key).map(box::open);
        }

        @Override
        public boolean delete(String key) {
            return jdbc.update("delete from plugin_settings where plugin_id = ? and k = ?", pluginId, key) > 0;
        }

        @Override
        public int deletePrefix(String prefix) {
            return jdbc.update("delete from plugin_settings where " + IN_PREFIX, prefixArgs(pluginId, prefix));
        }

        @Override
        public java.util.Map<String, String> getAll(java.util.Collection<String> keys) {
            java.util.Map<String, String> out = new java.util.HashMap<>();
            inChunks(keys, false, (k, v) -> out.put(k, v));
            return out;
        }

        @Override
        public java.util.Map<String, Secret> getSecrets(java.util.Collection<String> keys) {
            java.util.Map<String, Secret> out = new java.util.HashMap<>();
            // a bulk change seals one password once for all its domains: open each sealed text once
            java.util.Map<String, Secret> opened = new java.util.HashMap<>();
            inChunks(keys, true, (k, v) -> out.put(k, opened.computeIfAbsent(v, box::open)));
            return out;
        }

        /** One range read in key order, keeping the wanted keys' secrets (each sealed text opened once). */
        @Override
        public java.util.Map<String, Secret> getSecretsBetween(String from, String to, java.util.Collection<String> keys) {
            java.util.Set<String> wanted = new java.util.HashSet<>(keys);
            java.util.Map<String, Secret> out = new java.util.HashMap<>();
            java.util.Map<String, Secret> opened = new java.util.HashMap<>();
            if (wanted.isEmpty() || from.compareTo(to) > 0) {
                return out;
            }
            jdbc.forEachRow("select k, v from plugin_settings where plugin_id = ? and k >= ? and k <= ? and secret = ?"
                    + " order by plugin_id, k", rs -> {
                        String k = rs.getString(1);
                        if (wanted.contains(k)) {
                            out.put(k, opened.computeIfAbsent(rs.getString(2), box::open));
                        }
                    }, pluginId, from, to, true);
            return out;
        }

        /**
         * One query per {@value #CHUNK} keys, joining them as a table: each key is a primary-key lookup.
         * ({@code plugin_id = ? and k in (...)} made H2 use the first key column only and read every row
         * of the plugin for each query: quadratic at 100,000 domains.)
         */
        private void inChunks(java.util.Collection<String> keys, boolean secret, BiConsumer<String, String> row) {
            List<String> all = List.copyOf(keys);
            jdbc.tx(c -> {
                Dialect d = jdbc.database().dialect();
                try (PreparedStatement p = c.prepareStatement(d.keyedRead("plugin_settings", "t.v",
                        "t.plugin_id = ? and t.k = " + d.asKey("u.k") + " and t.secret = ?"))) {
                    for (int from = 0; from < all.size(); from += CHUNK) {
                        List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
                        p.setObject(1, chunk.toArray(new String[0]));
                        p.setString(2, pluginId);
                        p.setBoolean(3, secret);
                        try (ResultSet rs = p.executeQuery()) {
                            while (rs.next()) {
                                row.accept(rs.getString(1), rs.getString(2));
                            }
                        }
                    }
                }
                return null;
            });
        }

        @Override
        public void putAll(java.util.Map<String, String> values) {
            batch(values.entrySet(), e -> e.getKey(), e -> e.getValue() == null ? "" : e.getValue(), false);
        }

        @Override
        public void putSecrets(java.util.Map<String, Secret> secrets) {
            // the same Secret for many keys (a bulk change) is sealed once: 100,000 AES-GCM runs saved; the
            // rows then share a ciphertext, which tells only that they share the secret, as the change did
            java.util.Map<Secret, String> sealed = new java.util.IdentityHashMap<>();
            batch(secrets.entrySet(), e -> e.getKey(), e -> sealed.computeIfAbsent(e.getValue(), box::seal), true);
        }

        /**
         * One statement per {@value #CHUNK} entries, the rows given as arrays: a JDBC batch is one round
         * trip per row when {@code panel bin} reaches the running panel's database over TCP.
         */
        private <E> void batch(java.util.Collection<E> entries, java.util.function.Function<E, String> key,
                               java.util.function.Function<E, String> value, boolean secret) {
            List<E> all = List.copyOf(entries);
            jdbc.tx(c -> {
                Dialect d = jdbc.database().dialect();
                try (PreparedStatement p = c.prepareStatement(d.upsertSelect("plugin_settings", List.of("plugin_id", "k"),
                        List.of("plugin_id", "k", "v", "secret"), "select cast(? as varchar), u.k, u.v, cast(? as boolean) from unnest("
                        + d.stringArray() + ", " + d.stringArray() + ") u(k, v)"))) {
                    for (int from = 0; from < all.size(); from += CHUNK) {
                        List<E> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
                        p.setString(1, pluginId);
                        p.setBoolean(2, secret);
                        p.setObject(3, chunk.stream().map(e -> checkKey(key.apply(e))).toArray(String[]::new));
                        p.setObject(4, chunk.stream().map(value).toArray(String[]::new));
                        p.executeUpdate();
                    }
                }
                return null;
            });
        }

        @Override
        public void deleteAll(java.util.Collection<String> keys) {
            jdbc.tx(c -> {
                try (PreparedStatement p = c.prepareStatement("delete from plugin_settings where plugin_id = ? and k = ?")) {
                    int n = 0;
                    for (String k : keys) {
                        p.setString(1, pluginId);
                        p.setString(2, k);
                        p.addBatch();
                        if (++n % CHUNK == 0) {
                            p.executeBatch();
                        }
                    }
                    p.executeBatch();
                }
                return null;
            });
        }

        @Override
        public long count(String prefix) {
            return jdbc.count("select count(*) from plugin_settings where " + IN_PREFIX, prefixArgs(pluginId, prefix));
        }

        @Override
        public PageResult<Entry> list(String prefix, String contains, int offset, int limit) {
            return list(prefix, contains, offset, limit, Long.MAX_VALUE);
        }

        /** The count reads at most {@code countLimit} index entries ({@code fetch first} in a subquery). */
        PageResult<Entry> list(String prefix, String contains, int offset, int limit, long countLimit) {
            boolean filtered = contains != null && !contains.isEmpty();
            // Without a filter the LIKE would be evaluated on every row of the count for nothing.
            String where = "where " + IN_PREFIX + (filtered ? " and k like ? escape '\\'" : "");
            Object[] range = prefixArgs(pluginId, prefix);
            Object[] args = filtered ? new Object[] {range[0], range[1], range[2], "%" + Jdbc.likeEscape(contains) + "%"} : range;
            if (filtered && countLimit != Long.MAX_VALUE) {
                return filteredPage(args, where, offset, limit, countLimit);
            }
            long total = jdbc.countUpTo("plugin_settings " + where, "plugin_id, k", countLimit, args);
            Object[] pageArgs = java.util.Arrays.copyOf(args, args.length + 2);
            pageArgs[args.length] = Math.max(0, offset);
            pageArgs[args.length + 1] = Math.max(0, limit);
            List<Entry> items = jdbc.query("select k, v from plugin_settings " + where
                    + " order by plugin_id, k offset ? rows fetch next ? rows only",
                    rs -> new Entry(rs.getString(1), rs.getString(2)), pageArgs);
            return new PageResult<>(items, total, offset, limit);
        }

        /**
         * A filtered page in one pass over the key index instead of two (a count, then the page): a substring
         * filter cannot use the index's order, so each pass reads every key of the prefix. The matching keys
         * (at most {@code countLimit}, keys only) are streamed once; the page's values are then read by key.
         */
        private PageResult<Entry> filteredPage(Object[] args, String where, int offset, int limit, long countLimit) {
            // the page's keys are read even when counting stops before them (a count limit of 0: "no count")
            PageResult.Collector<String> keys = new PageResult.Collector<>(offset, limit, countLimit);
            Object[] keyArgs = java.util.Arrays.copyOf(args, args.length + 1);
            keyArgs[args.length] = keys.wanted();
            jdbc.tx(c -> {
                try (PreparedStatement p = c.prepareStatement("select k from plugin_settings " + where
                        + " order by plugin_id, k fetch first ? rows only")) {
                    p.setFetchSize(1000);
                    for (int i = 0; i < keyArgs.length; i++) {
                        p.setObject(i + 1, keyArgs[i]);
                    }
                    try (ResultSet rs = p.executeQuery()) {
                        boolean more = true;
                        while (more && rs.next()) {
                            more = keys.offer(rs.getString(1));
                        }
                    }
                }
                return null;
            });
            PageResult<String> keyPage = keys.result();
            List<String> pageKeys = keyPage.items();
            java.util.Map<String, String> values = new java.util.HashMap<>();
            if (!pageKeys.isEmpty()) {
                // secret rows too, as the two-pass listing returns them (sealed)
                jdbc.tx(c -> {
                    Dialect d = jdbc.database().dialect();
                    try (PreparedStatement p = c.prepareStatement(d.keyedRead("plugin_settings", "t.v",
                            "t.plugin_id = ? and t.k = " + d.asKey("u.k")))) {
                        p.setObject(1, pageKeys.toArray(new String[0]));
                        p.setString(2, pluginId);
                        try (ResultSet rs = p.executeQuery()) {
                            while (rs.next()) {
                                values.put(rs.getString(1), rs.getString(2));
                            }
                        }
                    }
                    return null;
                });
            }
            List<Entry> items = pageKeys.stream().filter(values::containsKey).map(k -> new Entry(k, values.get(k))).toList();
            return new PageResult<>(items, keyPage.total(), offset, limit);
        }

        @Override
        public List<Entry> first(String prefix, int limit) {
            Object[] range = prefixArgs(pluginId, prefix);
            return jdbc.query("select k, v from plugin_settings where " + IN_PREFIX + " order by plugin_id, k fetch first ? rows only",
                    rs -> new Entry(rs.getString(1), rs.getString(2)), range[0], range[1], range[2], Math.max(0, limit));
        }

        @Override
        public void forEach(String prefix, BiConsumer<String, String> action) {
            // streamed: H2 lazily, a server database with a cursor fetching rows in batches
            jdbc.forEachRow("select k, v from plugin_settings where " + IN_PREFIX + " order by plugin_id, k",
                    rs -> action.accept(rs.getString(1), rs.getString(2)), prefixArgs(pluginId, prefix));
        }
    }
}
