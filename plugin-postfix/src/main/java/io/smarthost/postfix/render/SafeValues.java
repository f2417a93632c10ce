package io.smarthost.postfix.render;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Relay;
import java.util.regex.Pattern;

/**
 * Refuses values that Postfix would misread in a lookup table or main.cf before anything is
 * written: a line break ends the entry (the rest becomes a new, attacker-chosen entry), leading
 * whitespace continues the previous line, a colon in a user name moves the password boundary.
 */
public final class SafeValues {

    static final String STEP = "validate";
    private static final Pattern SENDER_DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.\\-]*[a-z0-9])?");
    private static final Pattern HOST = Pattern.compile("[a-z0-9.:\\-]+");

    private SafeValues() {
    }

    public static void checkSenderDomain(String domain) throws BackendException {
        if (domain == null || !SENDER_DOMAIN.matcher(domain).matches() || domain.length() > 253) {
            throw new BackendException(STEP, "sender domain '" + printable(domain)
                    + "' is not a lower-case ASCII domain name (letters, digits, dots, hyphens)");
        }
    }

    public static void checkRelay(String where, Relay relay) throws BackendException {
        String host = relay.address().host();
        if (!HOST.matcher(host).matches()) {
            throw new BackendException(STEP, where + ": relay host '" + printable(host)
                    + "' may contain only lower-case letters, digits, dots, hyphens and (IPv6) colons");
        }
        if (relay.credentials().isPresent()) {
            checkCredentials(where, relay.credentials().get());
        }
    }

    static void checkCredentials(String where, Credentials c) throws BackendException {
        String user = c.username();
        if (user.isEmpty() || user.contains(":") || hasBreakOrControl(user) || hasOuterWhitespace(user)) {
            throw new BackendException(STEP, where + ": relay username must be non-empty, without colon, "
                    + "line break, control character or leading/trailing whitespace");
        }
        String secret = c.secret().reveal();
        if (secret.isEmpty() || hasBreakOrControl(secret) || hasOuterWhitespace(secret)) {
            // the message never contains the secret itself
            throw new BackendException(STEP, where + ": relay password must be non-empty, without line "
                    + "break or control character, and must not start or end with whitespace "
                    + "(Postfix would read a different password)");
        }
    }

    private static boolean hasBreakOrControl(String s) {
        return s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f);
    }

    private static boolean hasOuterWhitespace(String s) {
        return !s.isEmpty() && (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1)));
    }

    private static String printable(String s) {
        return s == null ? "null" : s.replaceAll("\\p{Cntrl}", "?");
    }
}
