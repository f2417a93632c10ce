package io.smarthost.core.service;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.validation.ResolvedInput;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
        // a shared row is about to become its own: a blank password keeps the secret it had through its record
        SharedRelays.leave(tx, scope, r.authentication() && r.password().isEmpty());
        boolean secretSet = writeSecret(tx, StoreKeys.secret(scope), r);
        tx.put(StoreKeys.settings(scope), RelayCodec.write(new RelaySettings(r.enabled(), r.address(),
                r.encryption(), r.verifyCertificate(), r.authentication(), r.username(), secretSet, r.provider(), now,
                writeBackup(tx, scope, r))));
    }

    /**
     * Whether saving {@code r} over {@code stored} would store the very same settings: every value equal (the time
     * of the last save aside) and no password typed, for the relay or its backup (a blank one keeps the stored
     * secret). A typed password counts as a change even when it is the stored one: answering "nothing changed" to it
     * would tell whoever may save whether a password they typed is the stored secret.
     */
    static boolean unchanged(Optional<RelaySettings> stored, ResolvedInput r) {
        if (stored.isEmpty() || r.password().isPresent()
                || r.backup().flatMap(io.smarthost.core.validation.ResolvedBackup::password).isPresent()) {
            return false;
        }
        RelaySettings s = stored.get();
        Optional<BackupSettings> backup = r.backup().map(b -> new BackupSettings(b.address(), b.ownLogin(),
                b.username(), s.backup().filter(BackupSettings::ownLogin).map(BackupSettings::secretSet).orElse(false)));
        RelaySettings asked = new RelaySettings(r.enabled(), r.address(), r.encryption(), r.verifyCertificate(),
                r.authentication(), r.username(), r.authentication() && s.secretSet(), r.provider(), s.updated(),
                backup);
        return RelayCodec.write(asked).equals(RelayCodec.write(s));
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
     * {@link #write} of the same validated input for many scopes, batched. Only for input that gives every
     * scope the same outcome: a new password, or no login (a blank password that keeps each scope's stored
     * one is validated and written per scope, {@link #write}).
     *
     * <p>The domains get one shared record ({@link SharedRelays}): a record all of whose rows are among them
     * is given the new settings in place (its rows are not written at all: a bulk change over an earlier one
     * writes two rows), else a new one is written and every domain's row names it. The secrets the domains
     * had of their own go. The previous rows are read once ({@link PreviousRows}); the undo remembers only
     * what is written. The server, if named, is written as {@link #write} does.
     */
    static void writeAll(UndoLog tx, List<Scope> scopes, ResolvedInput r, Instant now, long domainCount,
                         Progress progress) {
        if (r.authentication() && r.password().isEmpty()) {
            throw new IllegalArgumentException("a kept password is written per scope");
        }
        // each domain once: the counts and the undo below take one row per domain
        List<Scope> domains = scopes.stream().filter(scope -> !scope.isServer()).distinct().toList();
        if (!domains.isEmpty()) {
            String json = json(r, r.authentication(), now);
            Optional<Secret> secret = r.authentication() ? r.password() : Optional.empty();
            Optional<String> same = SharedRelays.namedByExactly(tx, domains);
            if (same.isPresent()) {
                // the same domains as the bulk change that wrote the record: the record alone changes
                SharedRelays.rewrite(tx, same.get(), json, secret);
            } else {
                writeRows(tx, domains, json, secret, scopes.size(), domainCount, progress);
            }
        }
        if (scopes.contains(Scope.SERVER)) {
            write(tx, Scope.SERVER, r, now);
        }
        progress.report("store", scopes.size(), scopes.size());
    }

    /** {@link #writeAll}'s domains, when they are not exactly the rows of one record: one record, their rows. */
    private static void writeRows(UndoLog tx, List<Scope> domains, String json, Optional<Secret> secret, int total,
                                  long domainCount, Progress progress) {
        PreviousRows before = PreviousRows.read(tx, domains, domainCount);
        Optional<String> whole = before.wholeRecord(tx);
        String record;
        if (whole.isPresent()) {
            record = whole.get();
            SharedRelays.rewrite(tx, record, json, secret);
        } else {
            record = SharedRelays.create(tx, json, secret);
        }
        long added = 0;
        // many domains without a row: written as a set of names that read as their rows (MemberRows)
        List<String> members = new ArrayList<>();
        for (int i = 0; i < domains.size(); i++) {
            if (before.absent(i)) {
                members.add(domains.get(i).domain().orElseThrow());
            }
        }
        boolean asSet = members.stream().allMatch(SettingsWrites::ascii) && MemberRows.worth(tx, members.size());
        if (asSet) {
            // the undo takes the set back whole: these rows were absent and stay so
            MemberRows.add(tx, record, members);
            added += members.size();
        }
        members = null;
        for (int from = 0; from < domains.size(); from += BATCH) {
            progress.report("store", from, total);
            int to = Math.min(domains.size(), from + BATCH);
            Map<String, Optional<String>> known = new LinkedHashMap<>();
            List<String> ownSecrets = new ArrayList<>();
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = from; i < to; i++) {
                Scope scope = domains.get(i);
                String key = StoreKeys.settings(scope);
                Optional<String> named = before.record(i);
                if (named.filter(record::equals).isPresent()) {
                    continue; // already names the record
                }
                if (named.isPresent()) {
                    known.put(key, named);
                } else if (before.absent(i)) {
                    if (asSet) {
                        continue; // a member of the set
                    }
                    known.put(key, Optional.empty());
                } else {
                    // its own settings (the undo reads them): the secrets they say it has go
                    if (before.ownSecret(i)) {
                        ownSecrets.add(StoreKeys.secret(scope));
                    }
                    if (before.ownBackupSecret(i)) {
                        ownSecrets.add(StoreKeys.backupSecret(scope));
                    }
                }
                values.put(key, record);
            }
            // secrets first: remembering them would forget which rows the undo log already holds
            if (!ownSecrets.isEmpty()) {
                tx.deleteAll(ownSecrets);
            }
            tx.rememberKnown(known);
            if (!values.isEmpty()) {
                tx.putAll(values);
            }
            added += values.size();
        }
        SharedRelays.adjust(tx, record, added);
        // the records the domains named before lose those rows (the one kept named them already)
        before.rowsByRecord().forEach((previous, rows) -> {
            if (!previous.equals(record)) {
                SharedRelays.adjust(tx, previous, -rows);
            }
        });
        // the record is named by these domains and no other row: a new one, or one all of whose rows are here
        SharedRelays.rememberMembers(tx, record, domains);
    }

    private static final int BATCH = 1000;

    private static boolean ascii(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 127 || name.charAt(i) == '\n') {
                return false;
            }
        }
        return true;
    }

    /**
     * Turns the relay of many scopes off, keeping their settings, in batches; the scopes whose relay was on.
     * Domains of a shared record stay together: the record itself is turned off when all its rows are among
     * them, else they move to a new record turned off, with the same secret.
     */
    static Set<Scope> disableAll(UndoLog tx, List<Scope> given, Instant now, Progress progress) {
        List<Scope> scopes = given.stream().distinct().toList(); // each once: a record's rows are counted
        Set<Scope> off = new java.util.HashSet<>();
        Map<String, List<Scope>> byRecord = new LinkedHashMap<>();
        for (int from = 0; from < scopes.size(); from += BATCH) {
            progress.report("store", from, scopes.size());
            List<Scope> chunk = scopes.subList(from, Math.min(scopes.size(), from + BATCH));
            Map<String, String> found = tx.getAll(chunk.stream().map(StoreKeys::settings).toList());
            Map<String, String> values = new LinkedHashMap<>();
            for (Scope scope : chunk) {
                String value = found.get(StoreKeys.settings(scope));
                if (value == null) {
                    continue;
                }
                if (SharedRelays.isShared(value)) {
                    byRecord.computeIfAbsent(value, v -> new ArrayList<>()).add(scope);
                    continue;
                }
                RelaySettings s = RelayCodec.read(value);
                if (s.enabled()) {
                    values.put(StoreKeys.settings(scope), RelayCodec.write(s.withEnabled(false, now)));
                    off.add(scope);
                }
            }
            if (!values.isEmpty()) {
                tx.putAll(values);
            }
        }
        byRecord.forEach((record, domains) -> {
            Optional<RelaySettings> s = tx.get(SharedRelays.recordKey(record)).map(RelayCodec::read);
            if (s.isEmpty() || !s.get().enabled()) {
                return;
            }
            String json = RelayCodec.write(s.get().withEnabled(false, now));
            off.addAll(domains);
            if (SharedRelays.count(tx, record) == domains.size()) {
                tx.put(record, json); // every row of the record is turned off: the record is
                return;
            }
            String next = SharedRelays.create(tx, json, tx.getSecret(SharedRelays.secretKey(record)));
            Map<String, String> values = new LinkedHashMap<>();
            for (Scope scope : domains) {
                values.put(StoreKeys.settings(scope), next);
                if (values.size() == BATCH) {
                    tx.putAll(values);
                    values.clear();
                }
            }
            if (!values.isEmpty()) {
                tx.putAll(values);
            }
            SharedRelays.adjust(tx, next, domains.size());
            SharedRelays.adjust(tx, record, -domains.size());
        });
        progress.report("store", scopes.size(), scopes.size());
        return off;
    }

    private static String json(ResolvedInput r, boolean secretSet, Instant now) {
        // a bulk change carries no backup login of its own (validated per scope: own logins are refused there)
        return RelayCodec.write(new RelaySettings(r.enabled(), r.address(), r.encryption(), r.verifyCertificate(),
                r.authentication(), r.username(), secretSet, r.provider(), now,
                r.backup().map(b -> new BackupSettings(b.address(), false, "", false))));
    }

    /** Deletes a scope's settings, secret and last check; the change concerns {@code senders}. */
    static ChangeSet deleteAll(SettingsStore.Transaction tx, Scope scope, Collection<String> senders) {
        SharedRelays.leave(tx, scope, false);
        tx.delete(StoreKeys.settings(scope));
        tx.delete(StoreKeys.secret(scope));
        tx.delete(StoreKeys.check(scope));
        tx.delete(StoreKeys.backupSecret(scope));
        return scope.isServer() ? ChangeSet.serverOnly() : ChangeSet.domains(Set.copyOf(senders));
    }

    /**
     * Moves a renamed domain's settings, last check and secrets to its new name. What was left under the new
     * name (its domain deleted while the plugin was off: a row, which may name a shared record, its secrets
     * and check) goes first, whether or not the old name has anything to move: the renamed domain never gets
     * the deleted one's relay or password, and the record that row named is counted down.
     */
    static void moveAll(SettingsStore.Transaction tx, Scope from, Scope to) {
        if (from.equals(to)) {
            return;
        }
        deleteAll(tx, to, Set.of());
        move(tx, StoreKeys.settings(from), StoreKeys.settings(to));
        // a record named by the old name is named by the new one: who names it is no longer what was said
        tx.get(StoreKeys.settings(to)).filter(SharedRelays::isShared)
                .ifPresent(row -> SharedRelays.forgetMembers(tx, SharedRelays.recordKey(row)));
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
