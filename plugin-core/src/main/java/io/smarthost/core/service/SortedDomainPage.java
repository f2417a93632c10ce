package io.smarthost.core.service;

import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.HostSyntax;
import io.smarthost.core.relay.RelayAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Collects one page of domain rows in an order other than the store's key order, from a single
 * pass over the rows: a bounded heap keeps the {@code offset + limit} first rows and drops the rest
 * as they stream by, so memory grows with the page asked for, not with the number of domains.
 *
 * <p>Ties (and rows whose value is missing, which always go last in both directions) are broken by
 * the ASCII domain name, ascending, so paging is stable and every row appears exactly once.
 */
final class SortedDomainPage {
    /** One candidate row: its sort value and what is needed to show it. */
    private record Candidate(String domain, RelaySettings settings, Instant checked) {
    }

    private final PriorityQueue<Candidate> worstFirst;
    private final Comparator<Candidate> order;
    private final int keep;
    private final Map<String, Instant> checks;
    private long total;

    /**
     * @param checks check time per ASCII domain name; only read for {@link ListOrder#LAST_CHECK}
     */
    SortedDomainPage(ListOrder order, boolean descending, long keep, Map<String, Instant> checks) {
        this.order = comparator(order, descending);
        this.keep = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, keep));
        this.worstFirst = new PriorityQueue<>(Math.max(1, Math.min(this.keep, 1024)), this.order.reversed());
        this.checks = checks;
    }

    void offer(String domain, RelaySettings settings) {
        total++;
        if (keep == 0) {
            return;
        }
        Candidate c = new Candidate(domain, settings, checks.get(domain));
        if (worstFirst.size() < keep) {
            worstFirst.add(c);
        } else if (order.compare(c, worstFirst.peek()) < 0) {
            worstFirst.poll();
            worstFirst.add(c);
        }
    }

    long total() {
        return total;
    }

    /** The rows from {@code offset} on, in order: (domain, settings) pairs. */
    List<Map.Entry<String, RelaySettings>> page(int offset) {
        List<Candidate> sorted = new ArrayList<>(worstFirst);
        sorted.sort(order);
        List<Map.Entry<String, RelaySettings>> out = new ArrayList<>();
        for (int i = Math.max(0, offset); i < sorted.size(); i++) {
            out.add(Map.entry(sorted.get(i).domain(), sorted.get(i).settings()));
        }
        return out;
    }

    private static Comparator<Candidate> comparator(ListOrder order, boolean descending) {
        Comparator<Candidate> byName = Comparator.comparing(Candidate::domain);
        Comparator<Candidate> primary = switch (order) {
            case DOMAIN -> descending ? byName.reversed() : byName;
            case RELAY -> missingLast(c -> c.settings().address().isEmpty(),
                    Comparator.comparing((Candidate c) -> hostKey(c.settings().address().get()))
                            .thenComparingInt(c -> c.settings().address().get().port()), descending);
            case ENCRYPTION -> directed(Comparator.comparingInt(c -> c.settings().encryption().ordinal()), descending);
            case USERNAME -> missingLast(c -> userKey(c).isEmpty(),
                    Comparator.comparing(SortedDomainPage::userKey).thenComparing(c -> c.settings().username()),
                    descending);
            case LAST_CHECK -> missingLast(c -> c.checked() == null, Comparator.comparing(Candidate::checked),
                    descending);
        };
        return primary.thenComparing(byName);
    }

    private static Comparator<Candidate> directed(Comparator<Candidate> c, boolean descending) {
        return descending ? c.reversed() : c;
    }

    /** Rows without a value after all others whatever the direction; among them only the name decides. */
    private static Comparator<Candidate> missingLast(Predicate<Candidate> missing,
                                                     Comparator<Candidate> present, boolean descending) {
        Comparator<Candidate> directedPresent = directed(present, descending);
        return (a, b) -> {
            boolean ma = missing.test(a);
            boolean mb = missing.test(b);
            if (ma || mb) {
                return Boolean.compare(ma, mb);
            }
            return directedPresent.compare(a, b);
        };
    }

    private static String hostKey(RelayAddress a) {
        return a.kind() == HostKind.DNS_NAME ? HostSyntax.toUnicode(a.host()) : a.host();
    }

    private static String userKey(Candidate c) {
        return c.settings().authentication() ? c.settings().username().toLowerCase(Locale.ROOT) : "";
    }
}
