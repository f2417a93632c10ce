package io.smarthost.panel.api;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;

/**
 * How a "domain contains" filter matches the panel's domain names, stored in their ASCII form
 * ({@code xn--bcher-kva.example}): the rule of {@link io.smarthost.panel.api.services.Domains#list} and of every list
 * that filters domains (the panel's and its plugins'), so that one filter finds the same domains everywhere.
 *
 * <p>A filter is taken as typed, stripped and in lower case: a character no name has matches nothing. A filter with
 * letters beyond ASCII is first folded as names are when they are stored (NFKC, then IDNA 2003: {@code straße} is
 * stored {@code strasse}, full-width letters as ASCII); if that gives ASCII without a punycode label, it is matched
 * as ASCII, else it is looked for in the names as shown ({@code büch} finds {@code bücher.example}, whose ASCII
 * form holds no {@code büch}).
 *
 * @since 1.4
 */
public final class DomainFilter {
    private DomainFilter() {
    }

    /** {@code typed} as {@link #matches} takes it; empty for none (null or blank). */
    public static String of(String typed) {
        if (typed == null || typed.isBlank()) {
            return "";
        }
        String f = typed.strip().toLowerCase(Locale.ROOT);
        if (ascii(f)) {
            return f;
        }
        f = Normalizer.normalize(f, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        try {
            String folded = IDN.toASCII(f, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            return folded.contains("xn--") ? f : folded;
        } catch (IllegalArgumentException e) {
            return f; // no part of a name IDNA folds: kept as typed
        }
    }

    /** Whether the ASCII name {@code name} matches {@code filter}, a filter made by {@link #of}. */
    public static boolean matches(String name, String filter) {
        if (filter.isEmpty() || name.contains(filter)) {
            return true;
        }
        return !ascii(filter) && name.contains("xn--") && shown(name).contains(filter);
    }

    /** Whether {@code filter} (made by {@link #of}) is looked for in the names as shown rather than as stored. */
    public static boolean byShownName(String filter) {
        return !ascii(filter);
    }

    /** The ASCII name {@code name} as a filter beyond ASCII reads it: its Unicode form, lower case. */
    public static String shown(String name) {
        return Punycode.toUnicode(name).toLowerCase(Locale.ROOT);
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
