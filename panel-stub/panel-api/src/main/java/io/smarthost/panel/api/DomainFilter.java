package io.smarthost.panel.api;

import java.util.Locale;

/**
 * How a "domain contains" filter matches the panel's domain names, stored in their ASCII form
 * ({@code xn--bcher-kva.example}): the rule of {@link io.smarthost.panel.api.services.Domains#list} and of every list
 * that filters domains (the panel's and its plugins'), so that one filter finds the same domains everywhere.
 *
 * <p>A filter is taken as typed, stripped and in lower case: a character no name has matches nothing. A filter with
 * letters beyond ASCII is first mapped as a typed name is when it is stored ({@link Punycode#mapped}: full-width
 * letters as ASCII, capitals as small letters, {@code ß} kept as IDNA 2008 keeps it); if that gives ASCII, it is
 * matched as ASCII, else it is looked for in the names as shown ({@code büch} finds {@code bücher.example}, whose
 * ASCII form holds no {@code büch}; {@code straße} finds {@code xn--strae-oqa.example}, shown as straße.example).
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
        if (Punycode.ascii(f)) {
            return f;
        }
        // mapped as a typed name is when it is stored (Punycode.toAscii): full-width letters are ASCII, capitals
        // small, and straße stays straße (it finds xn--strae-oqa.example, shown as straße.example)
        return Punycode.mapped(typed.strip());
    }

    /** Whether the ASCII name {@code name} matches {@code filter}, a filter made by {@link #of}. */
    public static boolean matches(String name, String filter) {
        if (filter.isEmpty() || name.contains(filter)) {
            return true;
        }
        return !Punycode.ascii(filter) && name.contains("xn--") && shown(name).contains(filter);
    }

    /** Whether {@code filter} (made by {@link #of}) is looked for in the names as shown rather than as stored. */
    public static boolean byShownName(String filter) {
        return !Punycode.ascii(filter);
    }

    /** The ASCII name {@code name} as a filter beyond ASCII reads it: its Unicode form, lower case. */
    public static String shown(String name) {
        return Punycode.toUnicode(name).toLowerCase(Locale.ROOT);
    }
}
