package io.smarthost.panel.host.domains;

import io.smarthost.panel.api.Punycode;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validation and normalisation of domain names: lower-case ASCII, internationalised names as punycode. */
public final class DomainNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private DomainNames() {
    }

    /**
     * @param field the field name used in the error message
     * @throws IllegalArgumentException naming the field and what is allowed
     */
    public static String normalise(String field, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(field + ": a domain name is required");
        }
        // IDNA 2008 (Punycode.toAscii): straße.example is xn--strae-oqa.example, the domain the pages show as
        // straße.example (IDNA 2003 made it strasse.example, another domain)
        String ascii = Punycode.toAscii(name.strip()).orElseThrow(() -> new IllegalArgumentException(field + ": '"
                + printable(name) + "' is not a valid domain name (a character domain names cannot hold: a symbol,"
                + " punctuation or a space)"));
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        String[] labels = ascii.split("\\.", -1);
        if (ascii.length() > 253 || labels.length < 2) {
            throw new IllegalArgumentException(field + ": '" + printable(name) + "' is not a valid domain name (at least two labels such as example.com, at most 253 characters)");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException(field + ": '" + printable(name) + "' is not a valid domain name (labels use letters, digits and inner hyphens, 1-63 characters)");
            }
            if (label.startsWith("xn--") && Punycode.uLabel(label).isEmpty()) {
                // what the smarthost plugin's checks refuse too: such a domain could get no relay
                throw new IllegalArgumentException(field + ": '" + printable(name) + "' is not a valid domain name ('"
                        + label + "' is no internationalised name's xn-- form)");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(field + ": '" + printable(name) + "' is not a valid domain name (its"
                    + " last label is all digits: an IP address is not a domain)");
        }
        return ascii;
    }

    /**
     * A name as typed for a look-up (Unicode or ASCII, any case, a final dot) in the form the panel keeps names:
     * {@code bücher.example} is found as {@code xn--bcher-kva.example}, as it was created. A name that is not
     * a valid one is only lower-cased (it finds nothing).
     */
    public static String lookupForm(String name) {
        String n = name.strip();
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (!n.chars().allMatch(c -> c < 0x80)) {
            n = Punycode.toAscii(n).orElse(n); // not a domain name: found by nothing
        }
        return n.toLowerCase(Locale.ROOT);
    }

    /** Control characters are shown escaped so that an error message cannot break a log line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.length() > 300 ? out.substring(0, 300) + "..." : out.toString();
    }
}
