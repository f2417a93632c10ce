package io.smarthost.core.service;

import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SettingsStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * A transaction that remembers what each key held before this change first wrote it, so that a
 * change committed to the store and then refused by the mail server can be taken back exactly
 * ({@link #undo(SettingsStore.Transaction)}). Secrets are remembered as {@link Secret}s and written back
 * sealed.
 *
 * <p>The first {@value #IN_MEMORY} keys are kept in memory; past that (a bulk change of 100,000 domains
 * remembers 200,000 values, about 60 MB) the previous values go to an {@link UndoSpill}, a temporary file
 * encrypted with a key that only this object holds, deleted by {@link #close()}. Close it when the change
 * is over (applied or taken back).
 */
final class UndoLog implements SettingsStore.Transaction, AutoCloseable {
    /** Keys remembered in memory before the rest is spilled to a file. */
    static final int IN_MEMORY = 2000;

    private final SettingsStore.Transaction tx;
    private final Predicate<String> secretKey;
    private final int inMemory;
    private final Map<String, Before> before = new LinkedHashMap<>();
    /** The keys of the last spilled batch: the writes that follow it are not remembered twice. */
    private final Set<String> recent = new HashSet<>();
    private UndoSpill spill;
    private long spilled;

    UndoLog(SettingsStore.Transaction tx, Predicate<String> secretKey) {
        this(tx, secretKey, IN_MEMORY);
    }

    /** With {@code inMemory} keys kept in memory before spilling (tests spill early). */
    UndoLog(SettingsStore.Transaction tx, Predicate<String> secretKey, int inMemory) {
        this.tx = MemberRows.of(tx); // remembers and restores rows as the plugin reads them
        this.secretKey = secretKey;
        this.inMemory = inMemory;
    }

    /** Whether anything was written. */
    boolean wrote() {
        return !before.isEmpty() || spilled > 0;
    }

    /** How many previous values went to the spill file (0: all in memory). */
    long spilled() {
        return spilled;
    }

    /** The spill file while there is one (for tests). */
    Optional<java.nio.file.Path> spillFile() {
        return Optional.ofNullable(spill).map(UndoSpill::file);
    }

    /**
     * Writes every touched key back as it was, in {@code into} (another transaction), 1,000 keys per
     * statement. A key remembered more than once (written again after its batch was spilled) takes its
     * first remembered value, the one it had before this change.
     */
    void undo(SettingsStore.Transaction into) {
        Restore restore = new Restore(into);
        before.forEach(restore::accept);
        if (spill != null) {
            spill.forEach(restore::accept);
        }
        restore.flush();
    }

    /** Deletes the spill file, if any. */
    @Override
    public void close() {
        if (spill != null) {
            spill.close();
        }
    }

    private void add(String key, Before b) {
        if (spill == null && before.size() < inMemory) {
            before.put(key, b);
            return;
        }
        if (spill == null) {
            spill = new UndoSpill();
        }
        spill.write(key, b.value(), b.secret());
        recent.add(key);
        spilled++;
    }

    private boolean remembered(String key) {
        return before.containsKey(key) || recent.contains(key);
    }

    private void remember(String key) {
        if (remembered(key)) {
            return;
        }
        if (secretKey.test(key)) {
            Optional<Secret> secret = tx.getSecret(key);
            add(key, new Before(secret.isPresent() ? Optional.empty() : tx.get(key), secret));
        } else {
            add(key, new Before(tx.get(key), Optional.empty()));
        }
    }

    /**
     * Remembers what each of {@code keys} holds before this change writes them, read together (a
     * bulk change of 100,000 domains reads their settings and secrets in a few hundred queries, not one
     * query each).
     */
    void rememberAll(java.util.Collection<String> keys) {
        List<String> secrets = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        Set<String> asked = new HashSet<>();
        for (String key : keys) {
            if (!remembered(key) && asked.add(key)) {
                (secretKey.test(key) ? secrets : plain).add(key);
            }
        }
        if (secrets.isEmpty() && plain.isEmpty()) {
            return;
        }
        Map<String, Secret> sealed = secrets.isEmpty() ? Map.of() : tx.getSecrets(secrets);
        List<String> notSecret = new ArrayList<>(plain);
        secrets.stream().filter(k -> !sealed.containsKey(k)).forEach(notSecret::add);
        Map<String, String> values = notSecret.isEmpty() ? Map.of() : tx.getAll(notSecret);
        if (spill != null) {
            recent.clear();
        }
        for (String key : secrets) {
            Secret s = sealed.get(key);
            add(key, s != null ? new Before(Optional.empty(), Optional.of(s))
                    : new Before(Optional.ofNullable(values.get(key)), Optional.empty()));
        }
        for (String key : plain) {
            add(key, new Before(Optional.ofNullable(values.get(key)), Optional.empty()));
        }
    }

    /**
     * Remembers what keys that hold no secret held before this change, as the caller read them in this
     * transaction (empty: absent): no second read. Keys already remembered keep their first value.
     */
    void rememberKnown(Map<String, Optional<String>> values) {
        List<Map.Entry<String, Optional<String>>> fresh = values.entrySet().stream()
                .filter(e -> !remembered(e.getKey())).toList();
        if (fresh.isEmpty()) {
            return;
        }
        if (spill != null) {
            recent.clear();
        }
        fresh.forEach(e -> add(e.getKey(), new Before(e.getValue(), Optional.empty())));
    }

    /** Writes remembered values back in batches; the first value remembered for a key wins. */
    private static final class Restore {
        private static final int BATCH = 1000;
        private final SettingsStore.Transaction into;
        private final Set<String> done = new HashSet<>();
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, Secret> secrets = new LinkedHashMap<>();
        private final List<String> deletes = new ArrayList<>();

        Restore(SettingsStore.Transaction into) {
            this.into = into;
        }

        void accept(String key, Before b) {
            accept(key, b.value(), b.secret());
        }

        void accept(String key, Optional<String> value, Optional<Secret> secret) {
            if (!done.add(key)) {
                return;
            }
            if (secret.isPresent()) {
                secrets.put(key, secret.get());
            } else if (value.isPresent()) {
                values.put(key, value.get());
            } else {
                deletes.add(key);
            }
            if (values.size() + secrets.size() + deletes.size() >= BATCH) {
                flush();
            }
        }

        void flush() {
            // a key is either deleted or written: the order between the three kinds does not matter
            if (!deletes.isEmpty()) {
                into.deleteAll(deletes);
                deletes.clear();
            }
            if (!values.isEmpty()) {
                into.putAll(values);
                values.clear();
            }
            if (!secrets.isEmpty()) {
                into.putSecrets(secrets);
                secrets.clear();
            }
        }
    }

    @Override
    public Map<String, String> getAll(java.util.Collection<String> keys) {
        return tx.getAll(keys);
    }

    @Override
    public Map<String, Secret> getSecrets(java.util.Collection<String> keys) {
        return tx.getSecrets(keys);
    }

    @Override
    public void putAll(Map<String, String> values) {
        rememberAll(values.keySet());
        tx.putAll(values);
    }

    @Override
    public void putSecrets(Map<String, Secret> secrets) {
        rememberAll(secrets.keySet());
        tx.putSecrets(secrets);
    }

    @Override
    public void deleteAll(java.util.Collection<String> keys) {
        rememberAll(keys);
        tx.deleteAll(keys);
    }

    @Override
    public long count(String prefix) {
        return tx.count(prefix);
    }

    @Override
    public Optional<String> get(String key) {
        return tx.get(key);
    }

    @Override
    public void put(String key, String value) {
        remember(key);
        tx.put(key, value);
    }

    @Override
    public void putSecret(String key, Secret secret) {
        remember(key);
        tx.putSecret(key, secret);
    }

    @Override
    public Optional<Secret> getSecret(String key) {
        return tx.getSecret(key);
    }

    @Override
    public boolean delete(String key) {
        remember(key);
        return tx.delete(key);
    }

    @Override
    public int deletePrefix(String prefix) {
        List<String> keys = new ArrayList<>();
        tx.forEach(prefix, (k, v) -> keys.add(k));
        rememberAll(keys);
        return tx.deletePrefix(prefix);
    }

    @Override
    public PageResult<SettingsStore.Entry> list(String prefix, String contains, int offset, int limit) {
        return tx.list(prefix, contains, offset, limit);
    }

    @Override
    public List<SettingsStore.Entry> first(String prefix, int limit) {
        return tx.first(prefix, limit);
    }

    @Override
    public void forEach(String prefix, BiConsumer<String, String> action) {
        tx.forEach(prefix, action);
    }

    private record Before(Optional<String> value, Optional<Secret> secret) {
    }
}
