package io.smarthost.core.service;

import io.smarthost.core.relay.BackupRelay;
import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.panel.api.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * A scope's stored backup relay, without its secret.
 *
 * @param address   the backup relay
 * @param ownLogin  whether it logs in with its own user name and password (else with the first relay's login)
 * @param username  its own login name; empty text when {@code ownLogin} is off
 * @param secretSet whether its own password is stored
 * @since 1.3
 */
public record BackupSettings(RelayAddress address, boolean ownLogin, String username, boolean secretSet) {
    public BackupSettings {
        Objects.requireNonNull(address, "address");
        username = username == null || !ownLogin ? "" : username;
        secretSet = ownLogin && secretSet;
    }

    /** The backup for a backend; with its own login only when its secret is known. */
    public BackupRelay toBackup(Optional<Secret> secret) {
        Optional<Credentials> login = ownLogin && secret.isPresent()
                ? Optional.of(new Credentials(username, secret.get())) : Optional.empty();
        return new BackupRelay(address, login);
    }

    /** {@code same} or {@code own}: how the form, REST and the CLI name the login choice. */
    public String loginChoice() {
        return ownLogin ? BackupLogin.OWN : BackupLogin.SAME;
    }

    /** The words of the login choice. */
    public static final class BackupLogin {
        public static final String SAME = "same";
        public static final String OWN = "own";

        private BackupLogin() {
        }
    }
}
