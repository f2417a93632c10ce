package io.smarthost.core.validation;

import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.RelayAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The relay and login a stored secret was saved for. A blank password in new input may reuse the
 * stored secret only for this same relay and login: otherwise anyone allowed to edit or check the
 * relay could point it at a server of their own and receive the stored secret through AUTH.
 *
 * @param address    the saved relay; empty when the settings were saved without a host
 * @param encryption the saved encryption (a change to {@code none} would send the secret in clear)
 * @param username   the saved login name
 */
public record StoredLogin(Optional<RelayAddress> address, Encryption encryption, String username) {
    public StoredLogin {
        address = address == null ? Optional.empty() : address;
        Objects.requireNonNull(encryption, "encryption");
        username = username == null ? "" : username;
    }

    /**
     * Whether {@code input} names the same relay (host, MX lookup, port), encryption and user name.
     * The host is compared in canonical form, so {@code SMTP.Example.com} equals {@code smtp.example.com}.
     */
    public boolean sameRelayAndLogin(ResolvedInput input) {
        return address.isPresent() && address.equals(input.address()) && encryption == input.encryption()
                && username.equals(input.username());
    }
}
