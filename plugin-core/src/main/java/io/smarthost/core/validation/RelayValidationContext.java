package io.smarthost.core.validation;

import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.relay.Scope;
import java.util.Objects;
import java.util.Optional;

/**
 * What validation needs besides the input: handed to the constraint validators as Hibernate
 * Validator's constraint-validator payload.
 *
 * @param scope        server or one domain
 * @param backendName  display name of the active mail server backend; empty when none was found
 * @param capabilities what that backend can honour ({@link Capabilities#none()} without one)
 * @param secretStored whether a secret is stored for this scope (a blank password then keeps it)
 * @param backendSetting the {@code panel.ini} value that chose the backend, for the "none found" message
 * @param storedLogin  the relay and login the stored secret belongs to; when present, a blank password
 *                     is accepted only for input naming that same relay and login (see {@link StoredLogin});
 *                     when empty and {@code secretStored}, the caller vouches that the input is for it
 * @param storedBackup the stored backup relay of this scope, if any (since 1.3)
 */
public record RelayValidationContext(Scope scope, Optional<String> backendName, Capabilities capabilities,
                                     boolean secretStored, String backendSetting, Optional<StoredLogin> storedLogin,
                                     Optional<StoredBackup> storedBackup) {
    /** Without a stored backup relay. */
    public RelayValidationContext(Scope scope, Optional<String> backendName, Capabilities capabilities,
                                  boolean secretStored, String backendSetting, Optional<StoredLogin> storedLogin) {
        this(scope, backendName, capabilities, secretStored, backendSetting, storedLogin, Optional.empty());
    }

    public RelayValidationContext {
        storedBackup = storedBackup == null ? Optional.empty() : storedBackup;
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(capabilities, "capabilities");
        backendName = backendName == null ? Optional.empty() : backendName;
        backendSetting = backendSetting == null ? "auto" : backendSetting;
        storedLogin = storedLogin == null ? Optional.empty() : storedLogin;
    }

    /** Without a binding of the stored secret (callers that validate input for the stored relay itself). */
    public RelayValidationContext(Scope scope, Optional<String> backendName, Capabilities capabilities,
                                  boolean secretStored, String backendSetting) {
        this(scope, backendName, capabilities, secretStored, backendSetting, Optional.empty());
    }

    /** For a scope whose secret was saved for {@code login}. */
    public static RelayValidationContext withStoredSecret(Scope scope, Optional<String> backendName,
                                                          Capabilities capabilities, String backendSetting,
                                                          StoredLogin login) {
        return new RelayValidationContext(scope, backendName, capabilities, true, backendSetting, Optional.of(login));
    }
}
