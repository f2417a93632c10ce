package io.smarthost.core.authrec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TXT texts: the quoted zone-file form (read and written), and what makes two texts the same record or
 * two values of the same kind (two DKIM keys at one selector, two DMARC policies, two SPF records).
 */
final class TxtText {
    static final int MAX_STRING = 255;

    private TxtText() {
    }

    static boolean isQuoted(String value) {
        return value.strip().startsWith("\"");
    }

    /** {@code "a" "b"} -> {@code ab}; unquoted text stripped. Text after the last closing quote is dropped (a comment). */
    static String unquote(String value) {
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
            } else if (c == ';') {
                break;
            }
        }
        return out.toString();
    }

    /** The text as quoted strings of at most 255 characters. */
    static String quoted(String text) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < text.length(); i += MAX_STRING) {
            String part = text.substring(i, Math.min(text.length(), i + MAX_STRING));
            parts.add("\"" + part.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return parts.isEmpty() ? "\"\"" : String.join(" ", parts);
    }

    /** What kind of TXT record a text is: one name holds at most one value of the kinds DKIM, DMARC and SPF. */
    static String kind(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        if (t.startsWith("v=dkim1") || t.startsWith("k=rsa") || t.startsWith("k=ed25519") || t.startsWith("p=")
                || t.contains(";p=")) {
            return "DKIM";
        }
        if (t.startsWith("v=dmarc1")) {
            return "DMARC";
        }
        if (t.startsWith("v=spf1")) {
            return "SPF";
        }
        return "";
    }

    /** Whether two texts are the same record: exactly, or for DKIM and DMARC whatever the spaces (they carry no meaning there). */
    static boolean same(String a, String b) {
        if (a.strip().equals(b.strip())) {
            return true;
        }
        String kind = kind(a);
        return !kind.isEmpty() && kind.equals(kind(b)) && (kind.equals("DKIM") || kind.equals("DMARC"))
                && a.replaceAll("\\s+", "").equals(b.replaceAll("\\s+", ""));
    }

    /** Whether {@code existing} is another value of the same kind as {@code wanted} (it would clash). */
    static boolean clashes(String wanted, String existing) {
        String kind = kind(wanted);
        return !kind.isEmpty() && kind.equals(kind(existing)) && !same(wanted, existing);
    }
}
