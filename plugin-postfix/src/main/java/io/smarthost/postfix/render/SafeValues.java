package io.smarthost.postfix.render;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Relay;

/**
 * Refuses values that Postfix would misread in a lookup table or main.cf before anything is
 * written: a line break ends the entry (the rest becomes a new, attacker-chosen entry), leading
 * whitespace continues the previous line, a colon in a user name moves the password boundary.
 */
public final class SafeValues {

    static final String STEP = "validate";

    private SafeValues() {
    }

    public static void checkSenderDomain(String domain) throws BackendException {
        if (domain == null || !isSenderDomain(domain)) {
            throw new BackendException(STEP, "sender domain '" + printable(domain)
                    + "' is not a lower-case ASCII domain name (letters, digits, dots, hyphens)");
        }
    }

    /**
     * A sender address as a table key (per-sender relays, 1.3): lower case, no whitespace or control
     * character (the key would end there), not starting with {@code #} (a comment line), one {@code @}
     * followed by a sender domain.
     */
    public static void checkSenderAddress(String address) throws BackendException {
        int at = address == null ? -1 : address.lastIndexOf('@');
        boolean ok = at > 0 && address.length() <= 254 && address.charAt(0) != '#'
                && address.substring(0, at).chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '@' && !(c >= 'A' && c <= 'Z'))
                && isSenderDomain(address.substring(at + 1));
        if (!ok) {
            throw new BackendException(STEP, "sender address '" + printable(address)
                    + "' is not a lower-case ASCII address (local part without spaces, @, a domain name)");
        }
    }

    public static void checkRelay(String where, Relay relay) throws BackendException {
        String host = relay.address().host();
        if (host.isEmpty() || !host.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == ':' || c == '-')) {
            throw new BackendException(STEP, where + ": relay host '" + printable(host)
                    + "' may contain only lower-case letters, digits, dots, hyphens and (IPv6) colons");
        }
        if (relay.credentials().isPresent()) {
            checkCredentials(where, relay.credentials().get());
        }
        if (relay.backup().isPresent()) {
            var backup = relay.backup().get();
            checkRelay(where + " (backup)", new Relay(backup.address(), relay.encryption(), relay.verifyCertificate(),
                    backup.ownLogin()));
        }
    }

    /** Same as the pattern {@code [a-z0-9]([a-z0-9.-]*[a-z0-9])?}, without a regex: run for every domain. */
    private static boolean isSenderDomain(String d) {
        int n = d.length();
        if (n == 0 || n > 253) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = d.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && ((c != '.' && c != '-') || i == 0 || i == n - 1)) {
                return false;
            }
        }
        return true;
    }

    static void checkCredentials(String where, Credentials c) throws BackendException {
        String user = c.username();
        if (user.isEmpty() || user.contains(":") || hasBreakOrControl(user) || hasOuterWhitespace(user)) {
            throw new BackendException(STEP, where + ": relay username must be non-empty, without colon, "
                    + "line break, control character or leading/trailing whitespace");
        }
        String secret = c.secret().reveal();
        // Same rule as the input validation (core InputRules.secretProblem): the value "user:secret"
        // keeps leading and inner spaces, but postmap drops trailing whitespace, and control
        // characters break the line.
        if (secret.isEmpty() || hasBreakOrControl(secret) || Character.isWhitespace(secret.charAt(secret.length() - 1))) {
            // the message never contains the secret itself
            throw new BackendException(STEP, where + ": relay password must be non-empty, without line "
                    + "break or control character, and must not end with whitespace "
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
