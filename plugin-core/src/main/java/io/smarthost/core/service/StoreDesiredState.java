package io.smarthost.core.service;

import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.Scope;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.services.Domains;
import io.smarthost.panel.api.services.SettingsStore;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The desired state read lazily from the store inside one transaction (so a backend sees the
 * changes being made, and they roll back with it).
 *
 * <p>Cost: {@link #server()} and {@link #domain(String)} are a few keyed reads each, whatever the
 * number of domains. {@link #forEachDomain} streams the store in key order twice (first to collect
 * the aliases of relayed domains, which are few, then to merge them in name order) and never holds
 * all relays in memory. Relays of domains the panel no longer has are skipped (a later repair or
 * lifecycle event removes them).
 */
public final class StoreDesiredState implements DesiredState {
    private final SettingsStore.Transaction tx;
    private final Domains domains;
    private long count = -1;

    public StoreDesiredState(SettingsStore.Transaction tx, Domains domains) {
        this.tx = tx;
        this.domains = domains;
    }

    @Override
    public Optional<Relay> server() {
        return relay(Scope.SERVER);
    }

    @Override
    public Optional<Relay> domain(String senderDomain) {
        String name = senderDomain.toLowerCase(Locale.ROOT);
        Optional<String> own = tx.get(StoreKeys.DOMAIN_PREFIX + name);
        if (own.isPresent()) {
            return domains.find(name).filter(d -> d.name().equals(name)).isPresent()
                    ? relay(Scope.domain(name), own.get()) : Optional.empty();
        }
        // Not a relayed domain: perhaps an alias, which follows its domain.
        return domains.find(name)
                .filter(d -> !d.name().equals(name) && d.aliases().contains(name))
                .flatMap(d -> relay(Scope.domain(d.name())));
    }

    @Override
    public void forEachDomain(BiConsumer<String, Relay> action) {
        TreeMap<String, Relay> aliases = new TreeMap<>();
        tx.forEach(StoreKeys.DOMAIN_PREFIX, (key, json) -> {
            String name = StoreKeys.domainOf(key);
            Optional<Domain> d = domains.find(name).filter(found -> found.name().equals(name));
            if (d.isPresent() && !d.get().aliases().isEmpty()) {
                relay(Scope.domain(name), json).ifPresent(r -> d.get().aliases().forEach(a -> aliases.put(a, r)));
            }
        });
        Iterator<Map.Entry<String, Relay>> pending = aliases.entrySet().iterator();
        Map.Entry<String, Relay>[] next = nextOf(pending);
        long[] n = {0};
        tx.forEach(StoreKeys.DOMAIN_PREFIX, (key, json) -> {
            String name = StoreKeys.domainOf(key);
            while (next[0] != null && next[0].getKey().compareTo(name) < 0) {
                action.accept(next[0].getKey(), next[0].getValue());
                n[0]++;
                next[0] = pending.hasNext() ? pending.next() : null;
            }
            if (domains.find(name).filter(d -> d.name().equals(name)).isPresent()) {
                Optional<Relay> r = relay(Scope.domain(name), json);
                if (r.isPresent()) {
                    action.accept(name, r.get());
                    n[0]++;
                }
            }
        });
        while (next[0] != null) {
            action.accept(next[0].getKey(), next[0].getValue());
            n[0]++;
            next[0] = pending.hasNext() ? pending.next() : null;
        }
        count = n[0];
    }

    @SuppressWarnings("unchecked")
    private static Map.Entry<String, Relay>[] nextOf(Iterator<Map.Entry<String, Relay>> it) {
        return new Map.Entry[] {it.hasNext() ? it.next() : null};
    }

    @Override
    public long domainCount() {
        if (count < 0) {
            forEachDomain((name, relay) -> { });
        }
        return count;
    }

    /**
     * Stops at the first active domain setting of an existing domain; reads a few rows in the usual
     * case (the first one is active), never counts the whole store.
     */
    @Override
    public boolean hasDomains() {
        if (count >= 0) {
            return count > 0;
        }
        int limit = 16;
        while (true) {
            var rows = tx.first(StoreKeys.DOMAIN_PREFIX, limit);
            for (var row : rows) {
                String name = StoreKeys.domainOf(row.key());
                if (RelayCodec.read(row.value()).active()
                        && domains.find(name).filter(d -> d.name().equals(name)).isPresent()) {
                    return true;
                }
            }
            if (rows.size() < limit) {
                return false;
            }
            if (limit >= 4096) {
                return domainCount() > 0; // many inactive rows first: walk once, exactly
            }
            limit *= 4;
        }
    }

    /**
     * Cheap when {@code n} is small: the stored domain rows bound the count from above, and only when
     * there are enough of them is the exact count walked.
     */
    @Override
    public boolean domainCountAtLeast(long n) {
        if (n <= 0) {
            return true;
        }
        if (n == 1) {
            return hasDomains();
        }
        return domainCount() >= n;
    }

    /** The stored settings of a scope, enabled or not. */
    public Optional<RelaySettings> settings(Scope scope) {
        return tx.get(StoreKeys.settings(scope)).map(RelayCodec::read);
    }

    private Optional<Relay> relay(Scope scope) {
        return tx.get(StoreKeys.settings(scope)).flatMap(json -> relay(scope, json));
    }

    private Optional<Relay> relay(Scope scope, String json) {
        RelaySettings s = RelayCodec.read(json);
        if (!s.active()) {
            return Optional.empty();
        }
        return s.toRelay(s.authentication() ? tx.getSecret(StoreKeys.secret(scope)) : Optional.empty());
    }
}
