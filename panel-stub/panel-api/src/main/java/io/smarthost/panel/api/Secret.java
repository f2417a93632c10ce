package io.smarthost.panel.api;

import java.util.Objects;

/**
 * A password or API key. {@link #toString()} never shows it; call {@link #reveal()} only where the
 * value must leave the process (a mail server's map file written by us, an SMTP AUTH, a process's
 * standard input).
 *
 * @since 1.0
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "******";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && java.security.MessageDigest.isEqual(
                s.value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 31;
    }
}
