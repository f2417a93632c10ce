package io.smarthost.core.spf;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One term of an SPF record: a mechanism ({@code ~all}, {@code include:example.net}) or a modifier
 * ({@code redirect=_spf.example.net}). The term keeps the text exactly as it was written, so that
 * rendering a parsed record changes nothing we did not mean to change (macros, case, CIDR lengths).
 *
 * @param kind      mechanism or modifier
 * @param qualifier the mechanism's qualifier ({@link Qualifier#PASS} when none is written; always
 *                  {@code PASS} for modifiers)
 * @param name      lower-case mechanism or modifier name ({@code include}, {@code redirect}, ...)
 * @param argument  what follows the name and its separator ({@code example.net} for
 *                  {@code include:example.net}; {@code /24} is kept as {@code /24} for {@code a/24});
 *                  empty when none
 * @param text      the term as written
 * @since 1.0
 */
public record SpfTerm(Kind kind, Qualifier qualifier, String name, String argument, String text) {

    /** Mechanisms RFC 7208 defines; any other name is a syntax error for receivers (permerror). */
    static final Set<String> MECHANISMS = Set.of("all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists");

    /** Terms that cost one DNS lookup each against the limit of 10 (RFC 7208 section 4.6.4). */
    private static final Set<String> LOOKUP_TERMS = Set.of("include", "a", "mx", "ptr", "exists", "redirect");

    private static final Pattern MODIFIER = Pattern.compile("(?i)([a-z][a-z0-9._-]*)=(.*)");

    /** Whether a term is a mechanism or a modifier. */
    public enum Kind { MECHANISM, MODIFIER }

    public SpfTerm {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(qualifier, "qualifier");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(argument, "argument");
        Objects.requireNonNull(text, "text");
    }

    /** Parses one whitespace-free token of a record. Never fails: unknown names are kept and flagged by the record. */
    static SpfTerm parse(String token) {
        var modifier = MODIFIER.matcher(token);
        if (modifier.matches()) {
            return new SpfTerm(Kind.MODIFIER, Qualifier.PASS, modifier.group(1).toLowerCase(Locale.ROOT),
                    modifier.group(2), token);
        }
        var qualifier = Qualifier.of(token.charAt(0));
        String body = qualifier.isPresent() ? token.substring(1) : token;
        int end = 0;
        while (end < body.length() && body.charAt(end) != ':' && body.charAt(end) != '/') {
            end++;
        }
        String name = body.substring(0, end).toLowerCase(Locale.ROOT);
        String argument = end < body.length() && body.charAt(end) == ':' ? body.substring(end + 1) : body.substring(end);
        return new SpfTerm(Kind.MECHANISM, qualifier.orElse(Qualifier.PASS), name, argument, token);
    }

    /** A pass {@code include:} term for {@code domain}. */
    public static SpfTerm include(String domain) {
        return new SpfTerm(Kind.MECHANISM, Qualifier.PASS, "include", domain, "include:" + domain);
    }

    public boolean isMechanism() {
        return kind == Kind.MECHANISM;
    }

    public boolean isMechanism(String mechanismName) {
        return kind == Kind.MECHANISM && name.equals(mechanismName);
    }

    public boolean isModifier(String modifierName) {
        return kind == Kind.MODIFIER && name.equals(modifierName);
    }

    /** Whether receivers make a DNS query for this term (before any redirect rule is considered). */
    public boolean costsLookup() {
        return LOOKUP_TERMS.contains(name);
    }

    /** Whether the argument uses SPF macros ({@code %{i}}), which we never expand or rewrite. */
    public boolean hasMacro() {
        return argument.contains("%");
    }

    /**
     * A key under which two terms are the same test: qualifier, name and argument compared without
     * case, because DNS names and mechanism names are case-insensitive.
     */
    String identity() {
        return qualifier.symbol() + name + ":" + argument.toLowerCase(Locale.ROOT);
    }
}
