package io.smarthost.core.relay;

import java.util.Objects;
import java.util.Optional;

/**
 * A second relay of the same level, tried when the first cannot be reached or answers with a temporary
 * (4xx) error. It shares the first relay's encryption and certificate verification (a mail server
 * route carries one TLS policy for all of its next hops).
 *
 * <p>What Postfix 3.7 does with it (measured, {@code plugin-postfix} {@code e2e.BackupRelayTest}):
 * {@code relayhost} and {@code sender_dependent_default_transport_maps} values accept the list
 * {@code [a]:587, [b]:587}; the password map is looked up by sender first, then by the next hop being
 * tried. So a domain's backup is sent the domain's (sender-keyed) login, while the server-wide backup
 * can have a login of its own (keyed by its next hop).
 *
 * @param address  where it is
 * @param ownLogin the backup's own login; empty: the first relay's login (or none when it has none)
 * @since 1.3
 */
public record BackupRelay(RelayAddress address, Optional<Credentials> ownLogin) {
    public BackupRelay {
        Objects.requireNonNull(address, "address");
        ownLogin = ownLogin == null ? Optional.empty() : ownLogin;
    }

    /** The login presented to the backup: its own, else the first relay's. */
    public Optional<Credentials> credentials(Relay primary) {
        return ownLogin.isPresent() ? ownLogin : primary.credentials();
    }

    /** The backup as a relay of its own (for a connection check): the first relay's encryption and verification. */
    public Relay asRelay(Relay primary) {
        return new Relay(address, primary.encryption(), primary.verifyCertificate(), credentials(primary));
    }
}
