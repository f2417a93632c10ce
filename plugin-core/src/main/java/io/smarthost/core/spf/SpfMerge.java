package io.smarthost.core.spf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Adds a relay service's {@code include:} to a domain's SPF record, or takes it out again, keeping
 * everything else the admin wrote: other mechanisms in order, the {@code all} qualifier, modifiers,
 * macros, case. There is always exactly one {@code v=spf1} record: the result replaces the existing
 * one, it is never a second record.
 *
 * <p>Rules, in order: duplicate mechanisms are removed (a second identical test can never match when
 * the first did not, and each copy of a lookup term costs a DNS query); an include already present with
 * a pass qualifier before {@code all} leaves the record alone; one present with another qualifier is
 * set to pass; one written after {@code all} (never evaluated) is moved; otherwise the include goes
 * just before {@code all}, so every earlier decision (e.g. {@code -ip4:...}) still wins, or after the
 * last mechanism when there is no {@code all} (a {@code redirect=} keeps working: it applies when no
 * mechanism matches).
 *
 * @since 1.0
 */
public final class SpfMerge {

    /** The record created for a domain that has none: the relay, and a soft fail for anything else. */
    static final String NEW_RECORD_ALL = "~all";

    private SpfMerge() {
    }

    /**
     * The record the domain needs so that the relay behind {@code include} may send for it.
     *
     * @param existing the domain's current SPF record, if any (a TXT string that is not SPF is rejected)
     * @param include  the include domain, with or without {@code include:} ({@link SpfInclude#normalize})
     * @throws IllegalArgumentException when {@code include} is not a domain name or {@code existing} is not SPF
     */
    public static MergeResult merge(Optional<String> existing, String include) {
        String domain = SpfInclude.normalize(include);
        if (existing.isEmpty() || existing.get().isBlank()) {
            SpfRecord created = SpfRecord.parse("v=spf1 include:" + domain + " " + NEW_RECORD_ALL);
            return new MergeResult(created.render(), true, created.ownLookupCount(), created.problems());
        }
        SpfRecord parsed = SpfRecord.parse(existing.get());
        List<SpfProblem> notes = new ArrayList<>();
        List<SpfTerm> terms = withoutDuplicates(parsed.terms(), notes);
        terms = withInclude(terms, domain, notes);
        SpfRecord merged = new SpfRecord(terms);
        List<SpfProblem> problems = new ArrayList<>(notes);
        problems.addAll(merged.problems());
        String rendered = merged.render();
        boolean changed = !rendered.equals(parsed.render());
        return new MergeResult(changed ? rendered : existing.get().strip(), changed, merged.ownLookupCount(), problems);
    }

    /**
     * The record without the reachable or unreachable {@code include:} of {@code include}, for a relay
     * that is no longer used. Empty when the record is left with nothing but the {@code ~all} this
     * class adds to a record it creates: the domain had no SPF record before, and a lone {@code ~all}
     * would soft-fail all of its mail.
     */
    public static Optional<String> remove(String existing, String include) {
        String domain = SpfInclude.normalize(include);
        SpfRecord parsed = SpfRecord.parse(existing);
        List<SpfTerm> kept = parsed.terms().stream()
                .filter(t -> !(t.isMechanism("include") && SpfRecord.sameDomain(t.argument(), domain)))
                .toList();
        if (kept.size() == 1 && kept.get(0).text().equalsIgnoreCase(NEW_RECORD_ALL)
                && kept.size() < parsed.terms().size()) {
            return Optional.empty();
        }
        return Optional.of(kept.size() == parsed.terms().size() ? existing.strip() : new SpfRecord(kept).render());
    }

    private static List<SpfTerm> withoutDuplicates(List<SpfTerm> terms, List<SpfProblem> notes) {
        Set<String> seen = new HashSet<>();
        List<SpfTerm> kept = new ArrayList<>();
        for (SpfTerm t : terms) {
            // Modifiers are not deduplicated: a duplicate redirect= is the admin's error to see, not ours to pick.
            if (t.isMechanism() && !seen.add(t.identity())) {
                notes.add(SpfProblem.of(SpfProblem.Code.DUPLICATE_REMOVED, t.text()));
            } else {
                kept.add(t);
            }
        }
        return kept;
    }

    private static List<SpfTerm> withInclude(List<SpfTerm> terms, String domain, List<SpfProblem> notes) {
        SpfRecord record = new SpfRecord(terms);
        if (record.includes(domain)) {
            return terms;
        }
        List<SpfTerm> result = new ArrayList<>(terms);
        int allIndex = record.allIndex();
        for (int i = result.size() - 1; i >= 0; i--) {
            SpfTerm t = result.get(i);
            if (t.isMechanism("include") && SpfRecord.sameDomain(t.argument(), domain)) {
                notes.add(SpfProblem.of(SpfProblem.Code.INCLUDE_FIXED, t.text(), "include:" + domain));
                result.remove(i);
                if (i < allIndex) {
                    allIndex--;
                }
            }
        }
        result.add(insertionPoint(result, allIndex), SpfTerm.include(domain));
        return result;
    }

    private static int insertionPoint(List<SpfTerm> terms, int allIndex) {
        if (allIndex < terms.size()) {
            return allIndex;
        }
        int lastMechanism = -1;
        for (int i = 0; i < terms.size(); i++) {
            if (terms.get(i).isMechanism()) {
                lastMechanism = i;
            }
        }
        return lastMechanism + 1;
    }
}
