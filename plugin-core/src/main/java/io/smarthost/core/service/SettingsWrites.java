package io.smarthost.core.service;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.validation.ResolvedInput;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
        SharedRelays.materialize(tx, scope); // a blank password keeps the secret it had through its record
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
     * {@link #write} of the same validated input for many scopes, batched: the previous settings are read
     * together (once, for the undo and for the secrets that go), the rows written in batches. Only for
     * input that gives every scope the same outcome: a new password, or no login (a blank password that
     * keeps each scope's stored one is validated and written per scope, {@link #write}).
     *
     * <p>One shared record holds the settings and the secret, and each domain's row names it
     * ({@link SharedRelays}); the secrets the domains had of their own go. The server, if named, is
     * written as {@link #write} does.
     */
    static void writeAll(UndoLog tx, List<Scope> scopes, ResolvedInput r, Instant now, Progress progress) {
        if (r.authentication() && r.password().isEmpty()) {
            throw new IllegalArgumentException("a kept password is written per scope");
        }
        String record = SharedRelays.newRecord();
        tx.put(record, json(r, r.authentication(), now));
        if (r.authentication()) {
            tx.putSecret(SharedRelays.secretKey(record), r.password().get());
        }
        for (int from = 0; from < scopes.size(); from += BATCH) {
            progress.report("store", from, scopes.size());
            List<Scope> chunk = scopes.subList(from, Math.min(scopes.size(), from + BATCH)).stream()
                    .filter(scope -> !scope.isServer()).toList();
            List<String> settingsKeys = chunk.stream().map(StoreKeys::settings).toList();
            Map<String, String> before = tx.readRemembering(settingsKeys);
            List<String> ownSecrets = new ArrayList<>();
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < chunk.size(); i++) {
                String previous = before.get(settingsKeys.get(i));
                if (previous != null && !SharedRelays.isShared(previous)) {
                    // the secrets its own settings say it has: a secret that is not used is not kept
                    RelaySettings s = RelayCodec.read(previous);
                    if (s.secretSet()) {
                        ownSecrets.add(StoreKeys.secret(chunk.get(i)));
                    }
                    if (s.backup().filter(BackupSettings::secretSet).isPresent()) {
                        ownSecrets.add(StoreKeys.backupSecret(chunk.get(i)));
                    }
                }
                values.put(settingsKeys.get(i), record);
            }
            if (!ownSecrets.isEmpty()) {
                tx.deleteAll(ownSecrets);
            }
            tx.putAll(values);
        }
        if (scopes.contains(Scope.SERVER)) {
            write(tx, Scope.SERVER, r, now);
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
