package io.smarthost.panel.testkit;

import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.services.Domains;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The panel's domains in memory, indexed by name and by alias (O(1) lookups, like a database index). */
public final class InMemoryDomains implements Domains {
    private final ConcurrentSkipListMap<String, Domain> byName = new ConcurrentSkipListMap<>();
    private final Map<String, String> aliasToName = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, java.util.concurrent.atomic.LongAdder> lookups = new ConcurrentHashMap<>();

    /** Adds a domain (lower-case ASCII name) with its aliases. */
    public Domain add(String name, String owner, String... aliases) {
        Domain d = new Domain(ids.incrementAndGet(), name, owner, List.of(aliases));
        put(d);
        return d;
    }

    public void put(Domain d) {
        byName.put(d.name(), d);
        d.aliases().forEach(a -> aliasToName.put(a, d.name()));
    }

    public Domain remove(String name) {
        Domain d = byName.remove(name);
        if (d != null) {
            d.aliases().forEach(aliasToName::remove);
        }
        return d;
    }

    /** Renames, keeping id, owner and aliases; returns the domain after the rename. */
    public Domain rename(String from, String to) {
        Domain before = remove(from);
        Domain after = new Domain(before.id(), to, before.owner(), before.aliases());
        put(after);
        return after;
    }

    public Domain addAlias(String name, String alias) {
        Domain d = byName.get(name);
        List<String> aliases = new ArrayList<>(d.aliases());
        aliases.add(alias);
        Domain after = new Domain(d.id(), d.name(), d.owner(), aliases);
        put(after);
        return after;
    }

    public Domain removeAlias(String name, String alias) {
        Domain d = byName.get(name);
        List<String> aliases = new ArrayList<>(d.aliases());
        aliases.remove(alias);
        Domain after = new Domain(d.id(), d.name(), d.owner(), aliases);
        byName.put(name, after);
        aliasToName.remove(alias);
        return after;
    }

    @Override
    public Optional<Domain> find(String nameOrAlias) {
        lookups.computeIfAbsent(nameOrAlias, n -> new java.util.concurrent.atomic.LongAdder()).increment();
        String key = nameOrAlias.toLowerCase(Locale.ROOT);
        Domain d = byName.get(key);
        if (d != null) {
            return Optional.of(d);
        }
        String owner = aliasToName.get(key);
        return owner == null ? Optional.empty() : Optional.ofNullable(byName.get(owner));
    }

    /** How often {@link #find} was asked for {@code nameOrAlias} (a real panel queries its database each time). */
    public long lookups(String nameOrAlias) {
        java.util.concurrent.atomic.LongAdder n = lookups.get(nameOrAlias);
        return n == null ? 0 : n.sum();
    }

    /** Forgets the lookups recorded so far. */
    public void clearLookups() {
        lookups.clear();
    }

    @Override
    public PageResult<Domain> list(String filter, int offset, int limit) {
        List<Domain> all = byName.values().stream()
                .filter(d -> matches(d.name(), filter)).toList();
        int from = Math.min(offset, all.size());
        return new PageResult<>(all.subList(from, Math.min(all.size(), from + limit)), all.size(), offset, limit);
    }

    @Override
    public void names(String filter, java.util.function.Predicate<String> action) {
        for (String name : byName.keySet()) {
            if (matches(name, filter) && !action.test(name)) {
                return;
            }
        }
    }

    /** As the panel matches ({@link io.smarthost.panel.api.DomainFilter}). */
    private static boolean matches(String name, String filter) {
        return io.smarthost.panel.api.DomainFilter.matches(name, io.smarthost.panel.api.DomainFilter.of(filter));
    }

    @Override
    public long count() {
        return byName.size();
    }

    @Override
    public List<Domain> ownedBy(String login) {
        return byName.values().stream().filter(d -> d.owner().equals(login)).toList();
    }
}
