package io.smarthost.core.authrec;

import java.util.Locale;
import java.util.Optional;

/**
 * The record types a relay service's domain authentication asks for that this panel handles: CNAME
 * (DKIM keys and return paths delegated to the service) and TXT (DKIM keys, ownership codes).
 *
 * @since 1.3
 */
public enum AuthRecordType {
    CNAME, TXT;

    /** The type named {@code text} (any case); empty for any other word. */
    public static Optional<AuthRecordType> parse(String text) {
        try {
            return Optional.of(valueOf(text.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
