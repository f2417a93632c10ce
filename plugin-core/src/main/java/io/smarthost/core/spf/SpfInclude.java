package io.smarthost.core.spf;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The domain a relay service asks its customers to include ({@code sendgrid.net},
 * {@code spf.mailjet.com}, ...), as given by a provider preset or typed by the admin.
 *
 * @since 1.0
 */
public final class SpfInclude {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    private SpfInclude() {
    }

    /**
     * The canonical include domain: lower-case ASCII (IDNA), without {@code include:} prefix or final dot.
     *
     * @throws IllegalArgumentException naming the value and what is allowed
     */
    public static String normalize(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("SPF include: a domain name is required, e.g. sendgrid.net");
        }
        String v = value.strip();
        if (v.regionMatches(true, 0, "include:", 0, 8)) {
            v = v.substring(8);
        } else if (v.startsWith("+include:")) {
            v = v.substring(9);
        }
        v = strip(v);
        String ascii;
        try {
            ascii = IDN.toASCII(v, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid(value);
        }
        if (ascii.length() > 253 || !ascii.contains(".")) {
            throw invalid(value);
        }
        for (String label : ascii.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw invalid(value);
            }
        }
        return ascii;
    }

    /** Lower-case, without the final dot: the form two names are compared in. */
    static String strip(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static IllegalArgumentException invalid(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return new IllegalArgumentException("SPF include: \"" + shown.replaceAll("\\p{Cntrl}", "?")
                + "\" is not a domain name; allowed: a host name with at least one dot, letters, digits,"
                + " '-' and '_', e.g. sendgrid.net or spf.mailjet.com (no macros, no spaces)");
    }
}
