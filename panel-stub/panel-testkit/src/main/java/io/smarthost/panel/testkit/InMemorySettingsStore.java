package io.smarthost.panel.testkit;

import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SecretBox;
import io.smarthost.panel.api.services.SettingsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * A real transactional key-value store in memory, for tests. Transactions are serialised (one at a
 * time, like a database's write lock); writes go to a buffer that is committed only when the work
 * returns normally, so an exception really rolls everything back. A transaction costs what it
 * touches, not the size of the store. Secrets are sealed with the {@link SecretBox} before they are
 * stored, so {@link #rawValues()} can prove no secret sits there in clear.
 */
public final class InMemorySettingsStore implements SettingsStore {
    private static final Optional<String> DELETED = Optional.empty();

    private final ConcurrentSkipListMap<String, String> committed = new ConcurrentSkipListMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final SecretBox secrets;
    private int commits;
    private int rollbacks;
    private final List<String> firstWrites = new java.util.concurrent.CopyOnWriteArrayList<>();

    public InMemorySettingsStore(SecretBox secrets) {
        this.secrets = secrets;
    }

    private final ReentrantLock exclusive = new ReentrantLock();
    private final List<String> exclusiveRuns = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> writesOutsideLock = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile java.util.function.Predicate<java.util.Set<String>> failCommit = keys -> false;

    /** Like the database's lock row: one holder at a time, re-entrant; each run's name is recorded. */
    @Override
    public <T, X extends Exception> T exclusively(String name, Exclusive<T, X> work) throws X {
        exclusive.lock();
        try {
            exclusiveRuns.add(name);
            return work.run();
        } finally {
            exclusive.unlock();
        }
    }

    /** The names of every {@link #exclusively} run, in order. */
    public List<String> exclusiveRuns() {
        return List.copyOf(exclusiveRuns);
    }

    /** The first key of each committed writing transaction that ran outside {@link #exclusively}. */
    public List<String> writesOutsideLock() {
        return List.copyOf(writesOutsideLock);
    }

    /**
     * Makes a commit fail (like a full disk) when the keys it writes match; the transaction is rolled
     * back and the work's caller gets an {@link IllegalStateException}.
     */
    public void failCommitWhen(java.util.function.Predicate<java.util.Set<String>> keys) {
        this.failCommit = keys;
    }

    private volatile java.util.function.Predicate<java.util.Set<String>> loseAnswer = keys -> false;

    /**
     * Makes a commit whose keys match happen, then fail as a database connection lost before its answer came (a
     * server killed at that moment): the caller gets an exception whose cause is an {@link java.sql.SQLException} of
     * SQLSTATE 08006, while the values are committed.
     */
    public void loseCommitAnswerWhen(java.util.function.Predicate<java.util.Set<String>> keys) {
        this.loseAnswer = keys;
    }

    @Override
    public <T, X extends Exception> T inTransaction(Work<T, X> work) throws X {
        return run(work, false);
    }

    /** Runs like {@link #inTransaction} and then drops every write (counted as a rollback). */
    @Override
    public <T, X extends Exception> T inRollbackTransaction(Work<T, X> work) throws X {
        return run(work, true);
    }

    private <T, X extends Exception> T run(Work<T, X> work, boolean rollbackOnly) throws X {
        writeLock.lock();
        try {
            Tx tx = new Tx();
            T result;
            try {
                result = work.run(tx);
            } catch (Throwable e) {
                rollbacks++;
                throw e;
            } finally {
                tx.closed = true;
                if (tx.firstWrite != null) {
                    firstWrites.add(tx.firstWrite);
                }
            }
            if (rollbackOnly) {
                rollbacks++;
                return result;
            }
            if (!tx.pending.isEmpty() && failCommit.test(tx.pending.keySet())) {
                rollbacks++;
                throw new IllegalStateException("simulated store failure: No space left on device");
            }
            if (tx.firstWrite != null && !exclusive.isHeldByCurrentThread()) {
                writesOutsideLock.add(tx.firstWrite);
            }
            tx.pending.forEach((k, v) -> {
                if (v.isPresent()) {
                    committed.put(k, v.get());
                } else {
                    committed.remove(k);
                }
            });
            commits++;
            if (!tx.pending.isEmpty() && loseAnswer.test(tx.pending.keySet())) {
                throw new IllegalStateException("simulated lost connection", new java.sql.SQLException(
                        "Connection is broken: \"session closed\"", "08006", 90067));
            }
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(committed.get(key));
    }

    @Override
    public PageResult<Entry> list(String prefix, String contains, int offset, int limit) {
        return page(committed, prefix, contains, offset, limit);
    }

    @Override
    public long count(String prefix) {
        return range(committed, prefix).size();
    }

    @Override
    public void forEach(String prefix, BiConsumer<String, String> action) {
        range(committed, prefix).forEach(action);
    }

    /** Every committed value as stored (secrets sealed), for leak scans. */
    public Map<String, String> rawValues() {
        return Map.copyOf(committed);
    }

    public int commits() {
        return commits;
    }

    public int rollbacks() {
        return rollbacks;
    }

    private static <V> NavigableMap<String, V> range(NavigableMap<String, V> map, String prefix) {
        return prefix.isEmpty() ? map : map.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    }

    private static PageResult<Entry> page(NavigableMap<String, String> map, String prefix, String contains,
                                          int offset, int limit) {
        List<Entry> all = new ArrayList<>();
        range(map, prefix).forEach((k, v) -> {
            if (contains == null || contains.isEmpty() || k.contains(contains)) {
                all.add(new Entry(k, v));
            }
        });
        int from = Math.min(offset, all.size());
        return new PageResult<>(all.subList(from, Math.min(all.size(), from + limit)), all.size(), offset, limit);
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 255) {
            throw new IllegalArgumentException("store keys are 1-255 characters, got " + (key == null ? 0 : key.length()));
        }
    }

    /**
     * The key each writing transaction wrote first, in transaction order (committed or not). In a
     * database that first write takes a row lock held to the end of the transaction.
     */
    public List<String> firstWrites() {
        return List.copyOf(firstWrites);
    }

    private final class Tx implements Transaction {
        private final TreeMap<String, Optional<String>> pending = new TreeMap<>();
        private boolean closed;
        private String firstWrite;

        private void wrote(String key) {
            if (firstWrite == null) {
                firstWrite = key;
            }
        }

        private void open() {
            if (closed) {
                throw new IllegalStateException("transaction already ended");
            }
        }

        @Override
        public Optional<String> get(String key) {
            open();
            Optional<String> p = pending.get(key);
            return p != null ? p : Optional.ofNullable(committed.get(key));
        }

        @Override
        public void put(String key, String value) {
            open();
            checkKey(key);
            wrote(key);
            pending.put(key, Optional.of(value));
        }

        @Override
        public void putSecret(String key, Secret secret) {
            put(key, secrets.seal(secret));
        }

        @Override
        public Optional<Secret> getSecret(String key) {
            return get(key).map(secrets::open);
        }

        @Override
        public boolean delete(String key) {
            boolean existed = get(key).isPresent();
            wrote(key);
            pending.put(key, DELETED);
            return existed;
        }

        @Override
        public int deletePrefix(String prefix) {
            List<String> keys = new ArrayList<>(view(prefix).keySet());
            wrote(prefix + "*");
            keys.forEach(k -> pending.put(k, DELETED));
            return keys.size();
        }

        @Override
        public PageResult<Entry> list(String prefix, String contains, int offset, int limit) {
            return page(view(prefix), prefix, contains, offset, limit);
        }

        @Override
        public void forEach(String prefix, BiConsumer<String, String> action) {
            open();
            if (pending.isEmpty()) {
                range(committed, prefix).forEach(action);
                return;
            }
            view(prefix).forEach(action);
        }

        /** Committed entries under the prefix with this transaction's writes applied. */
        private NavigableMap<String, String> view(String prefix) {
            open();
            TreeMap<String, String> merged = new TreeMap<>(range(committed, prefix));
            range(pending, prefix).forEach((k, v) -> {
                if (v.isPresent()) {
                    merged.put(k, v.get());
                } else {
                    merged.remove(k);
                }
            });
            return merged;
        }
    }
}
