package io.smarthost.core.validation;

import io.smarthost.core.relay.RelayAddress;
import io.smarthost.panel.api.Secret;
import java.util.Optional;

/**
 * A {@link BackupInput} that passed validation, defaults filled in.
 *
 * @param address  the backup relay (its port: the port field, else the one after the host, else the first relay's)
 * @param ownLogin logs in with its own user name and password
 * @param username its own login name; empty text when not {@code ownLogin}
 * @param password its new password; empty keeps the stored one
 * @since 1.3
 */
public record ResolvedBackup(RelayAddress address, boolean ownLogin, String username, Optional<Secret> password) {

    @Override
    public String toString() {
        return "ResolvedBackup[address=" + address + ", ownLogin=" + ownLogin + ", username=" + username
                + ", password=" + (password.isPresent() ? "******" : "(unchanged)") + "]";
    }

    /** Fills in the defaults of input {@link ValidBackup} accepted; empty when it names no backup. */
    static Optional<ResolvedBackup> of(BackupInput in, int primaryPort) {
        if (in == null || !in.present()) {
            return Optional.empty();
        }
        var host = InputRules.parsedHost(in.host()).orElseThrow(() ->
                new IllegalArgumentException("backup input was not validated first"));
        var field = InputRules.port(in.port());
        int port = field.isPresent() ? field.getAsInt()
                : host.port().isPresent() ? host.port().getAsInt() : primaryPort;
        boolean own = in.ownLogin();
        return Optional.of(new ResolvedBackup(host.toAddress(port), own,
                own && in.username() != null ? in.username().strip() : "",
                own && in.hasPassword() ? Optional.of(in.password()) : Optional.empty()));
    }
}
