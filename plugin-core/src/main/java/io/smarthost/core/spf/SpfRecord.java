package io.smarthost.core.spf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A parsed SPF record ({@code v=spf1 ...}, RFC 7208). Parsing is lenient: it keeps every term as
 * written, including ones receivers would reject, and lists what is wrong in {@link #problems()};
 * the merge must never throw away what an admin wrote.
 *
 * @param terms the terms after {@code v=spf1}, in order
 * @since 1.0
 */
public record SpfRecord(List<SpfTerm> terms) {

    /** SPF's limit on terms that cause DNS queries (RFC 7208 section 4.6.4). */
    public static final int LOOKUP_LIMIT = 10;

    private static final String VERSION = "v=spf1";

    public SpfRecord {
        terms = List.copyOf(terms);
    }

    /**
     * Whether a TXT string is an SPF record: it starts with {@code v=spf1} followed by a space or
     * nothing (RFC 7208 section 4.5; {@code v=spf10} is not one).
     */
    public static boolean isSpf(String txt) {
        String t = txt.strip();
        return t.regionMatches(true, 0, VERSION, 0, VERSION.length())
                && (t.length() == VERSION.length() || t.charAt(VERSION.length()) == ' ');
    }

    /**
     * Parses an SPF record.
     *
     * @throws IllegalArgumentException when {@code text} does not start with {@code v=spf1}
     */
    public static SpfRecord parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!isSpf(text)) {
            throw new IllegalArgumentException("SPF record: \"" + text + "\" does not start with \"v=spf1\"");
        }
        List<SpfTerm> terms = new ArrayList<>();
        for (String token : text.strip().substring(VERSION.length()).trim().split("\\s+")) {
            if (!token.isEmpty()) {
                terms.add(SpfTerm.parse(token));
            }
        }
        return new SpfRecord(terms);
    }

    /** The record as text: {@code v=spf1} and the terms as written, single spaces between. */
    public String render() {
        if (terms.isEmpty()) {
            return VERSION;
        }
        return VERSION + " " + terms.stream().map(SpfTerm::text).collect(Collectors.joining(" "));
    }

    /** Index of the first {@code all} mechanism, or {@code terms().size()} when there is none. */
    public int allIndex() {
        for (int i = 0; i < terms.size(); i++) {
            if (terms.get(i).isMechanism("all")) {
                return i;
            }
        }
        return terms.size();
    }

    public Optional<SpfTerm> all() {
        int i = allIndex();
        return i < terms.size() ? Optional.of(terms.get(i)) : Optional.empty();
    }

    /** The {@code redirect=} target receivers follow: only when there is no {@code all} mechanism. */
    public Optional<String> effectiveRedirect() {
        if (all().isPresent()) {
            return Optional.empty();
        }
        return terms.stream().filter(t -> t.isModifier("redirect")).map(SpfTerm::argument).findFirst();
    }

    /** The mechanisms receivers can reach: those before the first {@code all}. */
    public List<SpfTerm> reachableMechanisms() {
        return terms.subList(0, allIndex()).stream().filter(SpfTerm::isMechanism).toList();
    }

    /** Whether a reachable pass {@code include:} names {@code domain} (without case, final dot ignored). */
    public boolean includes(String domain) {
        String wanted = SpfInclude.normalize(domain);
        return reachableMechanisms().stream().anyMatch(t -> t.isMechanism("include")
                && t.qualifier() == Qualifier.PASS && sameDomain(t.argument(), wanted));
    }

    /**
     * The DNS lookups this record's own terms cost: reachable {@code include}, {@code a},
     * {@code mx}, {@code ptr}, {@code exists}, and {@code redirect=} when it is used. What the
     * included records cost in turn is counted by {@link SpfChecker}.
     */
    public int ownLookupCount() {
        int count = (int) reachableMechanisms().stream().filter(SpfTerm::costsLookup).count();
        return count + (effectiveRedirect().isPresent() ? 1 : 0);
    }

    /** What is wrong with the record as written (not counting nested records). */
    public List<SpfProblem> problems() {
        List<SpfProblem> problems = new ArrayList<>();
        Map<String, Integer> modifiers = new HashMap<>();
        for (SpfTerm t : terms) {
            if (t.isMechanism() && !SpfTerm.MECHANISMS.contains(t.name())) {
                problems.add(SpfProblem.of(SpfProblem.Code.UNKNOWN_MECHANISM, t.text()));
            }
            if (!t.isMechanism() && modifiers.merge(t.name(), 1, Integer::sum) == 2
                    && (t.name().equals("redirect") || t.name().equals("exp"))) {
                problems.add(SpfProblem.of(SpfProblem.Code.DUPLICATE_MODIFIER, t.name()));
            }
            if (t.costsLookup() && t.hasMacro()) {
                problems.add(SpfProblem.of(SpfProblem.Code.MACRO_NOT_FOLLOWED, t.text()));
            }
        }
        if (all().isPresent() && terms.stream().anyMatch(t -> t.isModifier("redirect"))) {
            problems.add(SpfProblem.of(SpfProblem.Code.REDIRECT_IGNORED, all().get().text()));
        }
        List<String> unreachable = terms.subList(Math.min(allIndex() + 1, terms.size()), terms.size()).stream()
                .filter(SpfTerm::isMechanism).map(SpfTerm::text).toList();
        if (!unreachable.isEmpty()) {
            problems.add(SpfProblem.of(SpfProblem.Code.TERMS_AFTER_ALL, String.join(" ", unreachable)));
        }
        int lookups = ownLookupCount();
        if (lookups > LOOKUP_LIMIT) {
            problems.add(SpfProblem.of(SpfProblem.Code.OVER_LOOKUP_LIMIT, lookups, LOOKUP_LIMIT));
        }
        return problems;
    }

    static boolean sameDomain(String a, String b) {
        return SpfInclude.strip(a).equals(SpfInclude.strip(b));
    }

    @Override
    public String toString() {
        return render();
    }
}
