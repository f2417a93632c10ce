package io.smarthost.core.service;

import io.smarthost.core.relay.HostSyntax;
import io.smarthost.core.relay.Scope;
import io.smarthost.panel.api.DomainFilter;
import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.services.Domains;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Smarthosts list: domains with relay settings, filtered, sorted and paged without reading them all at once. */
final class DomainListing {
    private final SettingsStore store;
    private final Domains domains;
    private final CheckRecords checks;

    DomainListing(SettingsStore store, Domains domains, CheckRecords checks) {
        this.store = store;
        this.domains = domains;
        this.checks = checks;
    }

    /**
     * How many matching rows a list counts beyond its page: the total of a page by name is exact below
     * {@code offset + limit + COUNTED_BEYOND_PAGE}, else "at least that many" (a first page costs the same
     * with 1,000 or 100,000 domains).
     */
    static final long COUNTED_BEYOND_PAGE = 10_000;

    /** One page by name, straight from the store's key order; the total counted up to {@link #COUNTED_BEYOND_PAGE} past the page. */
    PageResult<DomainRelayRow> byName(String filter, int offset, int limit) {
        return byName(filter, offset, limit, (long) Math.max(0, offset) + Math.max(1, limit) + COUNTED_BEYOND_PAGE);
    }

    private PageResult<DomainRelayRow> byName(String filter, int offset, int limit, long countLimit) {
        String f = DomainFilter.of(filter);
        PageResult<SettingsStore.Entry> page = f.isEmpty()
                ? store.list(StoreKeys.DOMAIN_PREFIX, "", Math.max(0, offset), Math.max(1, limit), countLimit)
                : filtered(f, Math.max(0, offset), Math.max(1, limit), countLimit);
        // the page's last checks in one query (not a domain lookup and two reads per row: 200 queries for 50 rows)
        List<String> checkKeys = page.items().stream().map(e -> StoreKeys.check(Scope.domain(StoreKeys.domainOf(e.key())))).toList();
        Map<String, String> checkTexts = checkKeys.isEmpty() ? Map.of() : store.inTransaction(tx -> tx.getAll(checkKeys));
        List<DomainRelayRow> rows = new ArrayList<>();
        SharedRelays.Resolver resolver = new SharedRelays.Resolver(store::get);
        for (SettingsStore.Entry e : page.items()) {
            String name = StoreKeys.domainOf(e.key());
            Optional<RelaySettings> read = resolver.settings(e.key(), e.value());
            if (read.isEmpty()) {
                continue; // deleted since the page was read
            }
            RelaySettings saved = read.get();
            rows.add(new DomainRelayRow(name, HostSyntax.toUnicode(name), saved,
                    Optional.ofNullable(checkTexts.get(StoreKeys.check(Scope.domain(name)))).map(RelayCodec::readCheck)
                            .filter(c -> c.concerns(saved))));
        }
        return new PageResult<>(rows, page.total(), page.offset(), page.limit());
    }

    /** Domain names looked at per read of their settings by {@link #filtered}. */
    private static final int NAMES_PER_READ = 1000;

    /**
     * A filtered page by name: the panel's domains whose name contains {@code f} (from the panel's names
     * in memory, not a scan of every key), in name order, those with relay settings kept, their settings
     * read {@value #NAMES_PER_READ} names at a time; counted up to {@code countLimit} (at least to the page's end).
     */
    private PageResult<SettingsStore.Entry> filtered(String f, int offset, int limit, long countLimit) {
        PageResult.Collector<SettingsStore.Entry> page = new PageResult.Collector<>(offset, limit, countLimit);
        List<String> names = new ArrayList<>(NAMES_PER_READ);
        boolean[] more = {true};
        domains.names(f, name -> {
            names.add(name);
            if (names.size() == NAMES_PER_READ) {
                more[0] = offerSettings(names, page);
            }
            return more[0];
        });
        if (more[0] && !names.isEmpty()) {
            offerSettings(names, page);
        }
        return page.result();
    }

    /** The relay settings of {@code names} (one read), offered in their order; the names are then cleared. */
    private boolean offerSettings(List<String> names, PageResult.Collector<SettingsStore.Entry> page) {
        List<String> keys = names.stream().map(n -> StoreKeys.DOMAIN_PREFIX + n).toList();
        names.clear();
        Map<String, String> found = store.inTransaction(tx -> tx.getAll(keys));
        for (String key : keys) {
            String value = found.get(key);
            if (value != null && !page.offer(new SettingsStore.Entry(key, value))) {
                return false;
            }
        }
        return true;
    }

    /**
     * One page in the order asked for. {@link ListOrder#DOMAIN} pages straight from the store by key
     * (descending reads the mirrored page); the other orders stream the domain rows once and keep at
     * most {@code offset + limit} of them (see {@link SortedDomainPage}), ties broken by domain name;
     * {@link ListOrder#LAST_CHECK} also streams the check records once (their times only).
     */
    PageResult<DomainRelayRow> sorted(String filter, ListOrder order, boolean descending, int offset, int limit) {
        int from = Math.max(0, offset);
        int size = Math.max(1, limit);
        if (order == ListOrder.DOMAIN) {
            return descending ? byNameDescending(filter, from, size) : byName(filter, from, size);
        }
        String f = DomainFilter.of(filter);
        Map<String, Instant> checkTimes = new HashMap<>();
        if (order == ListOrder.LAST_CHECK) {
            store.forEach(StoreKeys.CHECK_PREFIX, (key, value) -> checkTimes.put(
                    key.substring(StoreKeys.CHECK_PREFIX.length()), RelayCodec.readCheck(value).time()));
        }
        SortedDomainPage collector = new SortedDomainPage(order, descending, (long) from + size, checkTimes);
        SharedRelays.Resolver resolver = new SharedRelays.Resolver(store::get);
        store.forEach(StoreKeys.DOMAIN_PREFIX, (key, value) -> {
            String name = StoreKeys.domainOf(key);
            if (DomainFilter.matches(name, f)) {
                resolver.settings(key, value).ifPresent(s -> collector.offer(name, s));
            }
        });
        List<DomainRelayRow> rows = new ArrayList<>();
        for (Map.Entry<String, RelaySettings> e : collector.page(from)) {
            // The key is already canonical: read the check by key, no domain lookup per row.
            rows.add(new DomainRelayRow(e.getKey(), HostSyntax.toUnicode(e.getKey()), e.getValue(),
                    store.get(StoreKeys.check(Scope.domain(e.getKey()))).map(RelayCodec::readCheck)));
        }
        return new PageResult<>(rows, collector.total(), from, size);
    }

    /** How many domains have relay settings. */
    long count() {
        return store.count(StoreKeys.DOMAIN_PREFIX);
    }

    /** {@link #count()}, counting at most {@code limit}. */
    long count(long limit) {
        return store.list(StoreKeys.DOMAIN_PREFIX, "", 0, 0, limit).total();
    }

    /** The key-ordered page mirrored: the page counted from the end, reversed. */
    private PageResult<DomainRelayRow> byNameDescending(String filter, int offset, int limit) {
        long total = byName(filter, 0, 1, Long.MAX_VALUE).total();
        long end = total - offset;
        long start = Math.max(0, end - limit);
        List<DomainRelayRow> rows = new ArrayList<>(end <= 0 ? List.of()
                : byName(filter, (int) start, (int) (end - start), 0).items());
        Collections.reverse(rows);
        return new PageResult<>(rows, total, offset, limit);
    }
}
