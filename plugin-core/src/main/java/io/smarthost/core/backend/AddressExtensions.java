package io.smarthost.core.backend;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the mail server strips an address extension ({@code alice+news@example.com}) when it looks a sender address up
 * in its sender-dependent tables: Postfix tries the whole address, then the address without its extension
 * ({@code alice@example.com}), then {@code @example.com} (its {@code mail_addr_find}, used for
 * {@code sender_dependent_relayhost_maps}, {@code sender_dependent_default_transport_maps} and, with
 * {@code smtp_sender_dependent_authentication}, {@code smtp_sasl_password_maps}). The extension starts at the first
 * of the {@code recipient_delimiter} characters in the local part; Postfix's default delimiter is empty: no extension
 * is stripped ({@link #NONE}).
 *
 * <p>As Postfix's {@code split_addr}: {@code postmaster}, {@code mailer-daemon} and the double-bounce sender are never
 * split; with {@code -} among the delimiters and {@code owner_request_special = yes} (the default), neither are
 * {@code owner-*} and {@code *-request}; a local part that starts with a delimiter is not split.
 *
 * @param delimiters          the delimiter characters ({@code recipient_delimiter}); empty: no extensions
 * @param ownerRequestSpecial Postfix's {@code owner_request_special}
 * @param doubleBounceSender  Postfix's {@code double_bounce_sender} (local part)
 * @since 1.3
 */
public record AddressExtensions(String delimiters, boolean ownerRequestSpecial, String doubleBounceSender) {
    /** Addresses are looked up as they are (Postfix's default: {@code recipient_delimiter} empty; other mail servers). */
    public static final AddressExtensions NONE = new AddressExtensions("", true, "double-bounce");

    public AddressExtensions {
        delimiters = delimiters == null ? "" : delimiters;
        doubleBounceSender = Objects.requireNonNullElse(doubleBounceSender, "double-bounce");
    }

    /** With {@code delimiters} and Postfix's defaults for the rest. */
    public static AddressExtensions of(String delimiters) {
        return new AddressExtensions(delimiters, true, "double-bounce");
    }

    /**
     * {@code address} ({@code local@domain}) without its extension, when it has one the mail server strips:
     * {@code alice@example.com} for {@code alice+news@example.com}; empty when it has none.
     */
    public Optional<String> base(String address) {
        if (delimiters.isEmpty() || address == null) {
            return Optional.empty();
        }
        int at = address.lastIndexOf('@');
        String local = at < 0 ? address : address.substring(0, at);
        String lower = local.toLowerCase(Locale.ROOT);
        if (lower.equals("postmaster") || lower.equals("mailer-daemon")
                || lower.equals(doubleBounceSender.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if (delimiters.indexOf('-') >= 0 && ownerRequestSpecial
                && (lower.startsWith("owner-") || (lower.length() > 8 && lower.endsWith("-request")))) {
            return Optional.empty();
        }
        int cut = -1;
        for (int i = 0; i < local.length(); i++) {
            if (delimiters.indexOf(local.charAt(i)) >= 0) {
                cut = i;
                break;
            }
        }
        if (cut <= 0) {
            return Optional.empty(); // no delimiter, or the local part would be empty
        }
        return Optional.of(local.substring(0, cut) + (at < 0 ? "" : address.substring(at)));
    }

    /** Whether an extension is ever stripped. */
    public boolean any() {
        return !delimiters.isEmpty();
    }
}
