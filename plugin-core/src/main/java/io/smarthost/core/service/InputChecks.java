package io.smarthost.core.service;

import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.validation.FieldError;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.RelayValidationContext;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.core.validation.ResolvedInput;
import io.smarthost.core.validation.StoredBackup;
import io.smarthost.core.validation.StoredLogin;
import io.smarthost.panel.api.services.HostServices;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Relay input checked against what is stored for its scope and what the selected backend can honour,
 * in the current user's language. One set of rules for the live form check, the connection check,
 * previews and every update.
 */
final class InputChecks {
    private final HostServices host;
    private final RelayValidator validator;

    InputChecks(HostServices host, RelayValidator validator) {
        this.host = host;
        this.validator = validator;
    }

    /** The field errors of {@code input} for {@code scope}; empty when it may be saved. */
    List<FieldError> errors(Scope scope, RelayInput input, Optional<RelaySettings> stored, BackendSelection sel) {
        return validator.validate(input, context(scope, stored, sel), locale());
    }

    /**
     * {@code input} with its defaults filled in, or a {@link RelayValidationException} whose messages
     * name the domain (a bulk update reports which domain refused).
     */
    ResolvedInput validated(Scope scope, RelayInput input, Optional<RelaySettings> stored, BackendSelection sel) {
        List<FieldError> errors = errors(scope, input, stored, sel);
        if (!errors.isEmpty()) {
            if (!scope.isServer()) {
                String d = scope.domain().get();
                errors = errors.stream().map(e -> new FieldError(e.field(), d + ": " + e.message())).toList();
            }
            throw new RelayValidationException(errors);
        }
        return ResolvedInput.of(input);
    }

    /** The relay and login a stored secret belongs to; empty when no secret is stored. */
    static Optional<StoredLogin> storedLogin(RelaySettings s) {
        return s.secretSet() && s.authentication()
                ? Optional.of(new StoredLogin(s.address(), s.encryption(), s.username())) : Optional.empty();
    }

    /**
     * The validation context of {@code scope}: a stored secret counts only for the relay and login it
     * was saved with, so a blank password can never carry it to another server.
     */
    private static RelayValidationContext context(Scope scope, Optional<RelaySettings> stored, BackendSelection sel) {
        Optional<StoredLogin> login = stored.flatMap(InputChecks::storedLogin);
        return new RelayValidationContext(scope, sel.backend().map(MailBackend::displayName),
                sel.backend().map(MailBackend::capabilities).orElse(Capabilities.none()), login.isPresent(),
                sel.setting(), login, stored.flatMap(RelaySettings::backup).map(b -> new StoredBackup(b.address(),
                        b.ownLogin(), b.username(), b.secretSet())));
    }

    private Locale locale() {
        return host.currentRequest().map(c -> c.user().locale()).orElse(Locale.ENGLISH);
    }
}
