package io.smarthost.core.authrec;

import io.smarthost.core.dns.TxtStrings;
import java.util.Objects;

/**
 * One domain-authentication record a relay service asked the domain to publish, as validated
 * ({@link AuthRecordRules}): {@code name} absolute, lower case ASCII, without the final dot; for a
 * CNAME, {@code value} is the target host name (lower case, no final dot); for a TXT, the record's text
 * (strings joined, no quotes).
 *
 * @since 1.3
 */
public record AuthRecord(String name, AuthRecordType type, String value) {
    public AuthRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** {@code name TYPE value} as a zone-file line would say it (a TXT in quoted strings of at most 255 characters). */
    public String zoneLine() {
        return name + ". " + type + " " + (type == AuthRecordType.CNAME ? value + "." : TxtStrings.quoted(value));
    }
}
