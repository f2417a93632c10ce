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
 */
public record Relay(RelayAddress address, Encryption encryption, boolean verifyCertificate,
                    Optional<Credentials> credentials) {
    public Relay {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(encryption, "encryption");
        credentials = credentials == null ? Optional.empty() : credentials;
    }
}
