package io.smarthost.core.service;

import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.panel.api.Secret;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Stored relay settings of one scope, without the secret (reads say only whether one is set).
 *
 * @param enabled           the relay is on
 * @param address           the relay; empty when the admin saved the form without a host (relay off)
 * @param encryption        how the connection is protected
 * @param verifyCertificate whether the certificate must be trusted and match
 * @param authentication    whether a login is used
 * @param username          the login name; empty text without authentication
 * @param secretSet         whether a password/API key is stored
 * @param provider          provider preset id or {@code custom}
 * @param updated           when these settings were last saved
 * @param backup            the backup relay, if any (since 1.3)
 */
public record RelaySettings(boolean enabled, Optional<RelayAddress> address, Encryption encryption,
                            boolean verifyCertificate, boolean authentication, String username, boolean secretSet,
                            String provider, Instant updated, Optional<BackupSettings> backup) {
    /** Settings without a backup relay. */
    public RelaySettings(boolean enabled, Optional<RelayAddress> address, Encryption encryption,
                         boolean verifyCertificate, boolean authentication, String username, boolean secretSet,
                         String provider, Instant updated) {
        this(enabled, address, encryption, verifyCertificate, authentication, username, secretSet, provider, updated,
                Optional.empty());
    }

    public RelaySettings {
        backup = backup == null ? Optional.empty() : backup;
        address = address == null ? Optional.empty() : address;
        Objects.requireNonNull(encryption, "encryption");
        username = username == null ? "" : username;
        provider = provider == null ? "custom" : provider;
        Objects.requireNonNull(updated, "updated");
    }

    /** Whether mail of this scope goes through the relay. */
    public boolean active() {
        return enabled && address.isPresent();
    }

    /** The relay for a backend, with {@code secret} when authentication is on. */
    public Optional<Relay> toRelay(Optional<Secret> secret) {
        if (!active()) {
            return Optional.empty();
        }
        Optional<Credentials> login = authentication && secret.isPresent()
                ? Optional.of(new Credentials(username, secret.get())) : Optional.empty();
        return Optional.of(new Relay(address.get(), encryption, verifyCertificate, login));
    }

    /** As {@link #toRelay(Optional)}, with the backup relay and its own secret (if it has one). */
    public Optional<Relay> toRelay(Optional<Secret> secret, Optional<Secret> backupSecret) {
        return toRelay(secret).map(r -> r.withBackup(backup.map(b -> b.toBackup(backupSecret))));
    }

    /** The relay for people ({@code [smtp.example.com]:587}), or empty text. */
    public String relayDisplay() {
        return address.map(RelayAddress::display).orElse("");
    }

    public RelaySettings withEnabled(boolean on, Instant now) {
        return new RelaySettings(on, address, encryption, verifyCertificate, authentication, username, secretSet,
                provider, now, backup);
    }
}
