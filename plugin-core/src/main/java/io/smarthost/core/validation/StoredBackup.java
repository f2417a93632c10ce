package io.smarthost.core.validation;

import io.smarthost.core.relay.RelayAddress;
import java.util.Objects;

/**
 * The stored backup relay of a scope, as validation needs it: a blank password may keep a stored
 * secret only for the relay it was saved for, so a secret never goes to a host it was not typed for.
 *
 * @param address   the saved backup relay
 * @param ownLogin  whether it was saved with a login of its own
 * @param username  that login name
 * @param secretSet whether its own password is stored
 * @since 1.3
 */
public record StoredBackup(RelayAddress address, boolean ownLogin, String username, boolean secretSet) {
    public StoredBackup {
        Objects.requireNonNull(address, "address");
        username = username == null ? "" : username;
    }
}
