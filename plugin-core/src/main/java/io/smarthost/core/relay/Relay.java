package io.smarthost.core.relay;

import java.util.Objects;
import java.util.Optional;

/**
 * A validated relay that a mail server can be told to use.
 *
 * @param address           where it is
 * @param encryption        how the connection is protected
 * @param verifyCertificate whether the relay's certificate must be trusted and match its name
 *                          (ignored with {@link Encryption#NONE})
 * @param credentials       the login, when the relay requires authentication
 * @param backup            a second relay tried when this one is unreachable or answers 4xx (since 1.3)
 */
public record Relay(RelayAddress address, Encryption encryption, boolean verifyCertificate,
                    Optional<Credentials> credentials, Optional<BackupRelay> backup) {
    public Relay {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(encryption, "encryption");
        credentials = credentials == null ? Optional.empty() : credentials;
        backup = backup == null ? Optional.empty() : backup;
    }

    /** A relay without a backup. */
    public Relay(RelayAddress address, Encryption encryption, boolean verifyCertificate,
                 Optional<Credentials> credentials) {
        this(address, encryption, verifyCertificate, credentials, Optional.empty());
    }

    /** This relay with {@code backup} (empty: none). */
    public Relay withBackup(Optional<BackupRelay> backup) {
        return new Relay(address, encryption, verifyCertificate, credentials, backup);
    }
}
