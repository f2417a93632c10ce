package io.smarthost.core.check;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A real test message the check sends through the relay, clearly marked as a test.
 *
 * @param from envelope and header sender, e.g. {@code admin@example.com}; the relay usually requires
 *             a sender domain verified in the relay account
 * @param to   recipient chosen by the admin
 * @since 1.0
 */
public record TestMail(String from, String to) {

    /** Deliberately plain: local@domain, no spaces, brackets, quotes or line breaks (no header injection). */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
            + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    public TestMail {
        from = requireAddress("from", from);
        to = requireAddress("to", to);
    }

    /**
     * Validates an e-mail address used in a check (test mail or probe).
     *
     * @throws IllegalArgumentException naming the field and what is allowed
     */
    static String requireAddress(String field, String value) {
        Objects.requireNonNull(value, field);
        String trimmed = value.trim();
        if (trimmed.length() > 254 || !ADDRESS.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(field + ": \"" + printable(trimmed)
                    + "\" is not an e-mail address; expected name@domain.tld (ASCII, at most 254 characters)");
        }
        return trimmed;
    }

    private static String printable(String value) {
        String shown = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
