package io.smarthost.core.service;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.validation.ResolvedInput;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** How a scope's relay settings, secret and last check are written, deleted and moved in the store. */
final class SettingsWrites {
    private SettingsWrites() {
    }

    /** Saves validated input; a blank password keeps the stored secret, authentication off deletes it. */
    static void write(SettingsStore.Transaction tx, Scope scope, ResolvedInput r, Instant now) {
        boolean secretSet = writeSecret(tx, StoreKeys.secret(scope), r);
        tx.put(StoreKeys.settings(scope), RelayCodec.write(new RelaySettings(r.enabled(), r.address(),
                r.encryption(), r.verifyCertificate(), r.authentication(), r.username(), secretSet, r.provider(), now,
                writeBackup(tx, scope, r))));
    }

    /**
     * Writes the relay's password under {@code secretKey}: a blank password keeps the stored secret,
     * authentication off deletes it. Whether a secret is stored afterwards.
     */
    static boolean writeSecret(SettingsStore.Transaction tx, String secretKey, ResolvedInput r) {
        if (!r.authentication()) {
            // A secret that is not used is not kept.
            tx.delete(secretKey);
            return false;
        }
        if (r.password().isPresent()) {
            tx.putSecret(secretKey, r.password().get());
            return true;
        }
        return tx.getSecret(secretKey).isPresent();
    }

    /** The backup's stored form; its own password kept, replaced or deleted like the relay's. */
    private static Optional<BackupSettings> writeBackup(SettingsStore.Transaction tx, Scope scope, ResolvedInput r) {
        String key = StoreKeys.backupSecret(scope);
        if (r.backup().isEmpty() || !r.backup().get().ownLogin()) {
            tx.delete(key);
            return r.backup().map(b -> new BackupSettings(b.address(), false, "", false));
        }
        var b = r.backup().get();
        if (b.password().isPresent()) {
            tx.putSecret(key, b.password().get());
        }
        return Optional.of(new BackupSettings(b.address(), true, b.username(), tx.getSecret(key).isPresent()));
    }

    /**
     * {@link #write} of the same validated input for many scopes, batched: the previous values are read
     * together, the settings and secrets written in batches, and the settings' JSON built once per
     * distinct outcome. Not for input that relies on each scope's stored password (validated per scope).
     */
    static void writeAll(UndoLog tx, List<Scope> scopes, ResolvedInput r, Instant now, Progress progress) {
        for (int from = 0; from < scopes.size(); from += BATCH) {
            progress.report("store", from, scopes.size());
            List<Scope> chunk = scopes.subList(from, Math.min(scopes.size(), from + BATCH));
            List<String> secretKeys = chunk.stream().map(StoreKeys::secret).toList();
            List<String> settingsKeys = chunk.stream().map(StoreKeys::settings).toList();
            List<String> all = new ArrayList<>(secretKeys);
            all.addAll(settingsKeys);
            tx.rememberAll(all);
            Set<String> withSecret;
            if (!r.authentication()) {
                tx.deleteAll(secretKeys);
                withSecret = Set.of();
            } else if (r.password().isPresent()) {
                Map<String, Secret> secrets = new LinkedHashMap<>();
                secretKeys.forEach(k -> secrets.put(k, r.password().get()));
                tx.putSecrets(secrets);
                withSecret = new HashSet<>(secretKeys);
            } else {
                withSecret = tx.getSecrets(secretKeys).keySet();
            }
            String set = json(r, true, now);
            String unset = json(r, false, now);
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < chunk.size(); i++) {
                values.put(settingsKeys.get(i), withSecret.contains(secretKeys.get(i)) ? set : unset);
            }
            tx.putAll(values);
        }
        progress.report("store", scopes.size(), scopes.size());
    }

    private static final int BATCH = 1000;

    private static String json(ResolvedInput r, boolean secretSet, Instant now) {
        // a bulk change carries no backup login of its own (validated per scope: own logins are refused there)
        return RelayCodec.write(new RelaySettings(r.enabled(), r.address(), r.encryption(), r.verifyCertificate(),
                r.authentication(), r.username(), secretSet, r.provider(), now,
                r.backup().map(b -> new BackupSettings(b.address(), false, "", false))));
    }

    /** Deletes a scope's settings, secret and last check; the change concerns {@code senders}. */
    static ChangeSet deleteAll(SettingsStore.Transaction tx, Scope scope, Collection<String> senders) {
        tx.delete(StoreKeys.settings(scope));
        tx.delete(StoreKeys.secret(scope));
        tx.delete(StoreKeys.check(scope));
        tx.delete(StoreKeys.backupSecret(scope));
        return scope.isServer() ? ChangeSet.serverOnly() : ChangeSet.domains(Set.copyOf(senders));
    }

    /** Moves a renamed domain's settings, last check and secret to its new name. */
    static void moveAll(SettingsStore.Transaction tx, Scope from, Scope to) {
        move(tx, StoreKeys.settings(from), StoreKeys.settings(to));
        move(tx, StoreKeys.check(from), StoreKeys.check(to));
        Optional<Secret> secret = tx.getSecret(StoreKeys.secret(from));
        tx.delete(StoreKeys.secret(from));
        secret.ifPresent(s -> tx.putSecret(StoreKeys.secret(to), s));
        Optional<Secret> backupSecret = tx.getSecret(StoreKeys.backupSecret(from));
        tx.delete(StoreKeys.backupSecret(from));
        backupSecret.ifPresent(s -> tx.putSecret(StoreKeys.backupSecret(to), s));
    }

    private static void move(SettingsStore.Transaction tx, String from, String to) {
        Optional<String> value = tx.get(from);
        tx.delete(from);
        value.ifPresent(v -> tx.put(to, v));
    }
}
