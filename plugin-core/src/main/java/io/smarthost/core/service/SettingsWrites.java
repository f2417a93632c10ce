package io.smarthost.core.service;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.validation.ResolvedInput;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** How a scope's relay settings, secret and last check are written, deleted and moved in the store. */
final class SettingsWrites {
    private SettingsWrites() {
    }

    /** Saves validated input; a blank password keeps the stored secret, authentication off deletes it. */
    static void write(SettingsStore.Transaction tx, Scope scope, ResolvedInput r, Instant now) {
        String secretKey = StoreKeys.secret(scope);
        boolean secretSet;
        if (!r.authentication()) {
            // A secret that is not used is not kept.
            tx.delete(secretKey);
            secretSet = false;
        } else if (r.password().isPresent()) {
            tx.putSecret(secretKey, r.password().get());
            secretSet = true;
        } else {
            secretSet = tx.getSecret(secretKey).isPresent();
        }
        tx.put(StoreKeys.settings(scope), RelayCodec.write(new RelaySettings(r.enabled(), r.address(),
                r.encryption(), r.verifyCertificate(), r.authentication(), r.username(), secretSet, r.provider(), now)));
    }

    /** Deletes a scope's settings, secret and last check; the change concerns {@code senders}. */
    static ChangeSet deleteAll(SettingsStore.Transaction tx, Scope scope, Collection<String> senders) {
        tx.delete(StoreKeys.settings(scope));
        tx.delete(StoreKeys.secret(scope));
        tx.delete(StoreKeys.check(scope));
        return scope.isServer() ? ChangeSet.serverOnly() : ChangeSet.domains(Set.copyOf(senders));
    }

    /** Moves a renamed domain's settings, last check and secret to its new name. */
    static void moveAll(SettingsStore.Transaction tx, Scope from, Scope to) {
        move(tx, StoreKeys.settings(from), StoreKeys.settings(to));
        move(tx, StoreKeys.check(from), StoreKeys.check(to));
        Optional<Secret> secret = tx.getSecret(StoreKeys.secret(from));
        tx.delete(StoreKeys.secret(from));
        secret.ifPresent(s -> tx.putSecret(StoreKeys.secret(to), s));
    }

    private static void move(SettingsStore.Transaction tx, String from, String to) {
        Optional<String> value = tx.get(from);
        tx.delete(from);
        value.ifPresent(v -> tx.put(to, v));
    }
}
