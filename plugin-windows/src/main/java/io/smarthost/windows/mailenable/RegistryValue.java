package io.smarthost.windows.mailenable;

import io.smarthost.panel.api.Secret;
import java.util.Objects;

/**
 * A registry value as the MailEnable backend reads and writes it: {@code REG_SZ} text, a secret
 * {@code REG_SZ} (never shown, never put on a command line) or a {@code REG_DWORD}.
 */
public sealed interface RegistryValue {

    /** The value as it goes into a {@code .reg} file or is compared; reveals a secret, so never log it. */
    String data();

    /** The registry type: {@code REG_SZ}, {@code REG_DWORD}, or another as {@code reg query} names it. */
    default String type() {
        return this instanceof Dword ? "REG_DWORD" : this instanceof Other other ? other.regType() : "REG_SZ";
    }

    /** Whether the registry holds the same thing (a secret and a text with the same content are equal). */
    default boolean sameAs(RegistryValue other) {
        if (other == null) {
            return false;
        }
        return type().equals(other.type()) && data().equals(other.data());
    }

    static RegistryValue text(String value) {
        return new Text(value);
    }

    static RegistryValue secret(Secret value) {
        return new SecretText(value);
    }

    static RegistryValue dword(long value) {
        return new Dword(value);
    }

    /** {@code REG_SZ}. */
    record Text(String value) implements RegistryValue {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String data() {
            return value;
        }
    }

    /** {@code REG_SZ} holding a password; {@link #toString()} masks it. */
    record SecretText(Secret value) implements RegistryValue {
        public SecretText {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String data() {
            return value.reveal();
        }

        @Override
        public String toString() {
            return "SecretText[******]";
        }
    }

    /** A value of another type (binary, multi-string...): read, listed, never written by the backend. */
    record Other(String regType) implements RegistryValue {
        @Override
        public String data() {
            return "";
        }
    }

    /** {@code REG_DWORD}, 0 to 4294967295. */
    record Dword(long value) implements RegistryValue {
        public Dword {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("a REG_DWORD holds 0-4294967295, not " + value);
            }
        }

        @Override
        public String data() {
            return Long.toString(value);
        }
    }
}
