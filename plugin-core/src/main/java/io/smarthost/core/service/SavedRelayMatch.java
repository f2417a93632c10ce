package io.smarthost.core.service;

import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.ResolvedInput;
import io.smarthost.panel.api.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether the input a connection check ran with is what is saved for the scope, so that its result
 * may be kept as the scope's last check: same address (host, MX lookup, port), encryption,
 * certificate verification, authentication and user name, and a blank password (the stored one
 * was used) or one equal to the stored secret. The enabled switch and the provider do not matter.
 */
final class SavedRelayMatch {

    private SavedRelayMatch() {
    }

    /** @param storedSecret read only when a typed password has to be compared */
    static boolean matches(RelaySettings saved, RelayInput checked, Supplier<Optional<Secret>> storedSecret) {
        ResolvedInput in;
        try {
            in = ResolvedInput.of(checked);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (saved.address().isEmpty() || !saved.address().equals(in.address())
                || saved.encryption() != in.encryption() || saved.verifyCertificate() != in.verifyCertificate()
                || saved.authentication() != in.authentication()) {
            return false;
        }
        if (!saved.authentication()) {
            return true;
        }
        if (!saved.username().equals(in.username())) {
            return false;
        }
        if (in.password().isEmpty()) {
            return saved.secretSet();
        }
        Optional<Secret> stored = storedSecret.get();
        return stored.isPresent() && MessageDigest.isEqual(stored.get().reveal().getBytes(StandardCharsets.UTF_8),
                in.password().get().reveal().getBytes(StandardCharsets.UTF_8));
    }
}
