package io.smarthost.core.service;

import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SettingsStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * A transaction that remembers what each key held before this change first wrote it, so that a
 * change committed to the store and then refused by the mail server can be taken back exactly
 * ({@link #undo(SettingsStore.Transaction)}). Secrets are remembered as {@link Secret}s in memory only
 * and written back sealed.
 */
final class UndoLog implements SettingsStore.Transaction {

    private final SettingsStore.Transaction tx;
    private final Predicate<String> secretKey;
    private final Map<String, Before> before = new LinkedHashMap<>();

    UndoLog(SettingsStore.Transaction tx, Predicate<String> secretKey) {
        this.tx = tx;
        this.secretKey = secretKey;
    }

    /** Whether anything was written. */
    boolean wrote() {
        return !before.isEmpty();
    }

    /** Writes every touched key back as it was, in {@code into} (another transaction). */
    void undo(SettingsStore.Transaction into) {
        List<Map.Entry<String, Before>> entries = new ArrayList<>(before.entrySet());
        for (int i = entries.size() - 1; i >= 0; i--) {
            String key = entries.get(i).getKey();
            Before b = entries.get(i).getValue();
            if (b.secret().isPresent()) {
                into.putSecret(key, b.secret().get());
            } else if (b.value().isPresent()) {
                into.put(key, b.value().get());
            } else {
                into.delete(key);
            }
        }
    }

    private void remember(String key) {
        if (before.containsKey(key)) {
            return;
        }
        if (secretKey.test(key)) {
            Optional<Secret> secret = tx.getSecret(key);
            before.put(key, new Before(secret.isPresent() ? Optional.empty() : tx.get(key), secret));
        } else {
            before.put(key, new Before(tx.get(key), Optional.empty()));
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
        for (String key : keys) {
            if (!before.containsKey(key)) {
                (secretKey.test(key) ? secrets : plain).add(key);
            }
        }
        Map<String, Secret> sealed = secrets.isEmpty() ? Map.of() : tx.getSecrets(secrets);
        List<String> notSecret = new ArrayList<>(plain);
        secrets.stream().filter(k -> !sealed.containsKey(k)).forEach(notSecret::add);
        Map<String, String> values = notSecret.isEmpty() ? Map.of() : tx.getAll(notSecret);
        for (String key : secrets) {
            Secret s = sealed.get(key);
            before.putIfAbsent(key, s != null ? new Before(Optional.empty(), Optional.of(s))
                    : new Before(Optional.ofNullable(values.get(key)), Optional.empty()));
        }
        for (String key : plain) {
            before.putIfAbsent(key, new Before(Optional.ofNullable(values.get(key)), Optional.empty()));
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
        keys.forEach(this::remember);
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
