package io.smarthost.core.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * TXT values as a zone holds them: plain text, or zone-file form ({@code "v=spf1 " "include:x ~all"}),
 * read as its strings joined and written as strings of at most 255 characters. One place for what
 * SPF, the authentication records and the pages read from a zone.
 *
 * @since 1.3
 */
public final class TxtStrings {
    /** The longest string one TXT string may hold (RFC 1035). */
    public static final int MAX_STRING = 255;

    private TxtStrings() {
    }

    /** Whether a zone value is in zone-file form (starts with a quote). */
    public static boolean isQuoted(String value) {
        return value.strip().startsWith("\"");
    }

    /** {@code "a" "b"} -> {@code ab}; unquoted text stripped; text outside the quotes ignored. */
    public static String text(String value) {
        return text(value, false);
    }

    /** {@link #text}, but text after a {@code ;} outside the quotes is dropped (a zone-file comment). */
    public static String textBeforeComment(String value) {
        return text(value, true);
    }

    private static String text(String value, boolean commentEnds) {
        String v = value.strip();
        if (!v.startsWith("\"")) {
            return v;
        }
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                inside = !inside;
            } else if (inside && c == '\\' && i + 1 < v.length()) {
                out.append(v.charAt(++i));
            } else if (inside) {
                out.append(c);
            } else if (commentEnds && c == ';') {
                break;
            }
        }
        return out.toString();
    }

    /** The text as quoted strings of at most {@value #MAX_STRING} characters; {@code ""} for no text. */
    public static String quoted(String text) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < text.length(); i += MAX_STRING) {
            String part = text.substring(i, Math.min(text.length(), i + MAX_STRING));
            parts.add("\"" + part.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return parts.isEmpty() ? "\"\"" : String.join(" ", parts);
    }

    /** {@code text} in the form of {@code like}: plain, or quoted strings when {@code like} was quoted. */
    public static String inFormOf(String like, String text) {
        return isQuoted(like) ? quoted(text) : text;
    }
}
