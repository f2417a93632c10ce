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
 */
public record RelayValidationContext(Scope scope, Optional<String> backendName, Capabilities capabilities,
                                     boolean secretStored, String backendSetting) {
    public RelayValidationContext {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(capabilities, "capabilities");
        backendName = backendName == null ? Optional.empty() : backendName;
        backendSetting = backendSetting == null ? "auto" : backendSetting;
    }
}
