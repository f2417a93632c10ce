package io.smarthost.core.spf;

import java.util.ArrayList;
import java.util.List;

/**
 * TXT values as a zone holds them. {@code DnsZones} values are taken as the record's text; a value in
 * zone-file form ({@code "v=spf1 ..." "...more"}) is read as its strings joined, and a record we
 * write back replaces such a value in the same form, cut into strings of at most 255 characters.
 */
final class TxtValue {

    private static final int MAX_STRING = 255;

    private TxtValue() {
    }

    static boolean quoted(String value) {
        return value.strip().startsWith("\"");
    }

    /** The text of a zone value. */
    static String text(String value) {
        if (!quoted(value)) {
            return value.strip();
        }
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        String v = value.strip();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                inside = !inside;
            } else if (inside && c == '\\' && i + 1 < v.length()) {
                out.append(v.charAt(++i));
            } else if (inside) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code text} in the form of {@code like} (plain, or quoted strings when {@code like} was quoted). */
    static String inFormOf(String like, String text) {
        if (!quoted(like)) {
            return text;
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < text.length(); i += MAX_STRING) {
            String part = text.substring(i, Math.min(text.length(), i + MAX_STRING));
            parts.add("\"" + part.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return String.join(" ", parts);
    }
}
