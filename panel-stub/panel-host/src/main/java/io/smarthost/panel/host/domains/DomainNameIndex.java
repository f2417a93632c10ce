package io.smarthost.panel.host.domains;

import io.smarthost.panel.api.DomainFilter;
import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.host.db.Jdbc;
import java.util.function.Predicate;

/**
 * Every domain name in memory, for "name contains" filters. A substring cannot use the name index, so
 * the database read every name for each filtered list (28 ms at 100,000 domains, twice: the count and
 * the page); here the names are one string, in the table's order, separated by new lines, and a filter
 * is {@link String#indexOf} over it (0.2 ms for 100,000 names, 2 MB).
 *
 * <p>The names are kept as long as the {@code domain_names_generation} row says the same: every change
 * of the table's names ({@link DomainManager}, whatever the process: {@code panel bin} writes the
 * running panel's database) counts that row up in its own transaction. A filtered read costs that one
 * read, and a full read of the names after a change.
 */
public final class DomainNameIndex {

    /** The row every change of a domain's name counts up, in the change's transaction. */
    static final String BUMP = "update domain_names_generation set generation = generation + 1 where id = 1";

    private final Jdbc jdbc;
    private volatile Names names = new Names(-1, "", 0);

    public DomainNameIndex(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The names containing {@code filter} (lower case, as stored), in name order: those from the
     * {@code offset}-th match, at most {@code limit}, and the number of matches counted up to {@code countLimit}.
     */
    public PageResult<String> page(String filter, int offset, int limit, long countLimit) {
        PageResult.Collector<String> page = new PageResult.Collector<>(offset, limit, countLimit);
        forEach(filter, page::offer);
        return page.result();
    }

    /** Each name containing {@code filter}, in name order, given to {@code action} until it answers false. */
    public void forEach(String filter, Predicate<String> action) {
        if (filter.indexOf('\n') >= 0) {
            return; // the separator: no name has one
        }
        Names current = current();
        filter = DomainFilter.of(filter);
        if (DomainFilter.byShownName(filter)) {
            forEachShown(current, filter, action);
            return;
        }
        String all = current.joined;
        int from = 0;
        while (from < all.length()) {
            int at = all.indexOf(filter, from);
            if (at < 0) {
                return;
            }
            int start = all.lastIndexOf('\n', at - 1) + 1;
            int end = all.indexOf('\n', at); // after the match: the filter has no separator
            if (!action.test(all.substring(start, end))) {
                return;
            }
            from = end + 1;
        }
    }

    /**
     * How many domains there are, as the names in memory say: a {@code count(*)} reads every row of the table
     * (0.1-0.4 s at 100,000 domains, for each bulk change that asked how many domains the panel has).
     */
    public long count() {
        return current().count;
    }

    /** The names as the database has them now: read again when its generation moved on. */
    private Names current() {
        Names kept = names;
        long generation = generation();
        if (generation == kept.generation) {
            return kept;
        }
        synchronized (this) {
            kept = names;
            if (generation != kept.generation) {
                // The generation first, then the names: a change committed in between is read with the
                // names and makes the next read load them again (the other order could keep a change unseen).
                StringBuilder all = new StringBuilder();
                long[] count = {0};
                jdbc.forEachRow("select name from domains order by name", rs -> {
                    all.append(rs.getString(1)).append('\n');
                    count[0]++;
                });
                kept = new Names(generation, all.toString(), count[0]);
                names = kept;
            }
            return kept;
        }
    }

    private long generation() {
        return jdbc.one("select generation from domain_names_generation where id = 1", rs -> rs.getLong(1)).orElse(0L);
    }

    /**
     * A filter looked for in the names as shown ({@link DomainFilter}: {@code büch} in {@code bücher.example} for
     * {@code xn--bcher-kva.example}): the names' ASCII form has no such letters, and a part of a name in Unicode is
     * not a part of its ASCII form. Each match gives the ASCII name of its line.
     */
    private static void forEachShown(Names names, String filter, Predicate<String> action) {
        String shown = names.shown();
        if (shown.isEmpty()) {
            return; // no name has a Unicode form: none holds such letters
        }
        String all = names.joined;
        int line = 0; // the start of a line in shown
        int same = 0; // the start of the same line in all
        while (line < shown.length()) {
            int at = shown.indexOf(filter, line);
            if (at < 0) {
                return;
            }
            int end = shown.indexOf('\n', line);
            while (end < at) { // to the line of the match, in both
                line = end + 1;
                same = all.indexOf('\n', same) + 1;
                end = shown.indexOf('\n', line);
            }
            int sameEnd = all.indexOf('\n', same);
            if (!action.test(all.substring(same, sameEnd))) {
                return;
            }
            line = end + 1;
            same = sameEnd + 1;
        }
    }

    private static final class Names {
        final long generation;
        final String joined;
        final long count;
        /** The names as shown, line for line with {@link #joined}; built at the first filter that needs it. */
        private volatile String shown;

        Names(long generation, String joined, long count) {
            this.generation = generation;
            this.joined = joined;
            this.count = count;
        }

        /** Empty when no name has a punycode label (they show as they are; a Unicode filter matches none). */
        String shown() {
            String s = shown;
            if (s == null) {
                s = joined.contains("xn--") ? showAll(joined) : "";
                shown = s;
            }
            return s;
        }

        private static String showAll(String joined) {
            StringBuilder out = new StringBuilder(joined.length() + 1024);
            int from = 0;
            while (from < joined.length()) {
                int end = joined.indexOf('\n', from);
                String name = joined.substring(from, end);
                if (name.contains("xn--")) {
                    name = DomainFilter.shown(name);
                }
                out.append(name).append('\n');
                from = end + 1;
            }
            return out.toString();
        }
    }
}
