package io.smarthost.core.service;

import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.Scope;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.services.Domains;
import io.smarthost.panel.api.services.SettingsStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
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
 * number of domains. {@link #forEachDomain} streams the store in key order once, a batch of rows at
 * a time (their secrets read together), merges the aliases of relayed domains (few, read first) in name
 * order, and never holds all relays in memory. Relays of domains the panel no longer has are skipped (a
 * later repair or lifecycle event removes them): which domains exist is read once, from the panel's
 * names in memory ({@link DomainNameSet}).
 */
public final class StoreDesiredState implements DesiredState {
    private final SettingsStore.Transaction tx;
    private final Domains domains;
    private long count = -1;
    /** The shared records the rows named, once a walk saw every domain row ({@link #named()}). */
    private Map<String, Long> named;

    public StoreDesiredState(SettingsStore.Transaction tx, Domains domains) {
        this.tx = MemberRows.of(tx); // a set's members read as rows, whoever opened the transaction
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

    /** Settings rows handled together: their secrets read in one query. */
    private static final int BATCH = 1000;

    /**
     * One pass over the domain settings rows in key (= name) order, {@value #BATCH} at a time: the
     * batch's domains are looked up together and its secrets read together. The aliases of relayed
     * domains (few) are known beforehand and merged in name order.
     */
    @Override
    public void forEachDomain(BiConsumer<String, Relay> action) {
        TreeMap<String, Relay> aliases = new TreeMap<>();
        Map<String, Optional<Relay>> relayOf = new HashMap<>();
        domains.aliases().forEach((alias, owner) -> relayOf.computeIfAbsent(owner, o -> relay(Scope.domain(o)))
                .ifPresent(r -> aliases.put(alias, r)));
        Iterator<Map.Entry<String, Relay>> pending = aliases.entrySet().iterator();
        Map.Entry<String, Relay>[] next = nextOf(pending);
        long[] n = {0};
        DomainNameSet existing = new DomainNameSet(domains);
        List<String[]> batch = new ArrayList<>(BATCH);
        Map<String, Long> records = new HashMap<>();
        Map<String, Optional<RelaySettings>> recordSettings = new HashMap<>();
        Map<String, Optional<Relay>> recordRelays = new HashMap<>();
        BiConsumer<String, Relay> counted = (name, relay) -> {
            while (next[0] != null && next[0].getKey().compareTo(name) < 0) {
                action.accept(next[0].getKey(), next[0].getValue());
                n[0]++;
                next[0] = pending.hasNext() ? pending.next() : null;
            }
            action.accept(name, relay);
            n[0]++;
        };
        Shared shared = new Shared(records, recordSettings, recordRelays);
        tx.forEach(StoreKeys.DOMAIN_PREFIX, (key, json) -> {
            batch.add(new String[] {StoreKeys.domainOf(key), json});
            if (batch.size() == BATCH) {
                emit(batch, existing, shared, counted);
                batch.clear();
            }
        });
        emit(batch, existing, shared, counted);
        while (next[0] != null) {
            action.accept(next[0].getKey(), next[0].getValue());
            n[0]++;
            next[0] = pending.hasNext() ? pending.next() : null;
        }
        count = n[0];
        named = records;
    }

    /**
     * The shared records ({@link SharedRelays}) named by the domain rows and how many rows name each, once
     * {@link #forEachDomain} has read every row; empty before, or when no walk was needed.
     */
    Optional<Map<String, Long>> named() {
        return Optional.ofNullable(named);
    }

    /** What a walk learns of the shared records, each read once: the ones named, their settings, their relays. */
    private record Shared(Map<String, Long> named, Map<String, Optional<RelaySettings>> settings,
                          Map<String, Optional<Relay>> relays) {
    }

    /** The relays of one batch of settings rows (name, JSON), in order, for existing domains only. */
    private void emit(List<String[]> batch, DomainNameSet existing, Shared shared, BiConsumer<String, Relay> action) {
        if (batch.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(batch.size());
        List<RelaySettings> settings = new ArrayList<>(batch.size());
        List<String> secretKeys = new ArrayList<>();
        // after a bulk change the rows hold the same text: each distinct one is parsed once per batch
        Map<String, RelaySettings> parsed = new HashMap<>();
        List<String> rowValues = new ArrayList<>(batch.size());
        for (String[] row : batch) {
            RelaySettings s;
            if (SharedRelays.isShared(row[1])) {
                shared.named().merge(row[1], 1L, Long::sum);
                // a row naming a record that is not there has no settings (never written so: skipped)
                s = shared.settings().computeIfAbsent(row[1], v -> tx.get(SharedRelays.recordKey(v))
                        .map(RelayCodec::readUncached)).orElse(null);
                if (s == null) {
                    continue;
                }
            } else {
                s = parsed.computeIfAbsent(row[1], RelayCodec::readUncached);
                if (s.active() && s.authentication()) {
                    secretKeys.add(StoreKeys.secret(Scope.domain(row[0])));
                }
            }
            names.add(row[0]);
            settings.add(s);
            rowValues.add(row[1]);
        }
        // the batch's rows are consecutive in key order, and so are their secrets' keys: one range read
        Map<String, io.smarthost.panel.api.Secret> secrets = secretKeys.isEmpty() ? Map.of()
                : tx.getSecretsBetween(java.util.Collections.min(secretKeys), java.util.Collections.max(secretKeys), secretKeys);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            RelaySettings s = settings.get(i);
            if (!s.active() || !existing.contains(name)) {
                continue;
            }
            String value = rowValues.get(i);
            if (SharedRelays.isShared(value)) {
                // one relay for all the domains of a record (a record has no backup login of its own): built once
                shared.relays().computeIfAbsent(value, v -> s.toRelay(s.authentication()
                        ? tx.getSecret(SharedRelays.secretKey(v)) : Optional.empty(), Optional.empty()))
                        .ifPresent(r -> action.accept(name, r));
                continue;
            }
            Optional<io.smarthost.panel.api.Secret> secret = s.authentication()
                    ? Optional.ofNullable(secrets.get(StoreKeys.secret(Scope.domain(name)))) : Optional.empty();
            // a domain's backup has no login of its own on the backends that can add one (read only when set)
            Optional<io.smarthost.panel.api.Secret> backupSecret = s.backup().filter(BackupSettings::secretSet).isPresent()
                    ? tx.getSecret(StoreKeys.backupSecret(Scope.domain(name))) : Optional.empty();
            s.toRelay(secret, backupSecret).ifPresent(r -> action.accept(name, r));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map.Entry<String, Relay>[] nextOf(Iterator<Map.Entry<String, Relay>> it) {
        return new Map.Entry[] {it.hasNext() ? it.next() : null};
    }

    /**
     * The panel's domains (its own count, kept by the database: no pass over the domain settings rows,
     * which cost 0.1-0.25 s at 100,000): at least {@link #domainCount()} when no alias is relayed. For
     * choosing between strategies, never for correctness.
     */
    @Override
    public long domainCountEstimate() {
        return count >= 0 ? count : domains.count();
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
                if (SharedRelays.ofRow(tx::get, row.value()).filter(RelaySettings::active).isPresent()
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
        return SharedRelays.settings(tx::get, scope);
    }

    private Optional<Relay> relay(Scope scope) {
        return tx.get(StoreKeys.settings(scope)).flatMap(value -> relay(scope, value));
    }

    /** The relay of a scope whose row reads {@code rowValue}; its secret where that row keeps it. */
    private Optional<Relay> relay(Scope scope, String rowValue) {
        Optional<RelaySettings> stored = SharedRelays.ofRow(tx::get, rowValue);
        if (stored.isEmpty() || !stored.get().active()) {
            return Optional.empty();
        }
        RelaySettings s = stored.get();
        return s.toRelay(s.authentication() ? tx.getSecret(SharedRelays.secretKey(scope, rowValue)) : Optional.empty(),
                s.backup().filter(BackupSettings::secretSet).isPresent()
                        ? tx.getSecret(StoreKeys.backupSecret(scope)) : Optional.empty());
    }

    /** The server-wide SRS switch ({@link SrsSwitch}); off when never set. */
    @Override
    public boolean srs() {
        return SrsSwitch.isOn(tx);
    }

    /** The panel's domains and aliases, a page of 1,000 at a time. */
    @Override
    public void forEachLocalDomain(java.util.function.Consumer<String> action) {
        int page = 1000;
        for (int offset = 0; ; offset += page) {
            List<Domain> items = domains.list("", offset, page).items();
            for (Domain d : items) {
                action.accept(d.name());
                d.aliases().forEach(a -> action.accept(DomainNames.ascii(a)));
            }
            if (items.size() < page) {
                return;
            }
        }
    }

    // ---- per-sender relays (since 1.3) ---------------------------------------------------------

    @Override
    public Optional<Relay> sender(String address) {
        io.smarthost.core.relay.SenderAddress a;
        try {
            a = io.smarthost.core.relay.SenderAddress.parse(address);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Optional<String> json = tx.get(SenderKeys.settings(a));
        if (json.isEmpty() || domains.find(a.domain()).filter(d -> d.name().equals(a.domain())).isEmpty()) {
            return Optional.empty();
        }
        RelaySettings s = RelayCodec.read(json.get());
        return s.toRelay(s.active() && s.authentication() ? tx.getSecret(SenderKeys.secret(a)) : Optional.empty());
    }

    /**
     * One pass over the sender rows in key order (domain, then local part), {@value #BATCH} at a time,
     * their domains looked up together and their secrets read together; addresses of domains the panel
     * no longer has are skipped.
     */
    @Override
    public void forEachSender(BiConsumer<String, Relay> action) {
        List<String[]> batch = new ArrayList<>(BATCH);
        tx.forEach(SenderKeys.PREFIX, (key, json) -> {
            batch.add(new String[] {key, json});
            if (batch.size() == BATCH) {
                emitSenders(batch, action);
                batch.clear();
            }
        });
        emitSenders(batch, action);
    }

    private void emitSenders(List<String[]> batch, BiConsumer<String, Relay> action) {
        if (batch.isEmpty()) {
            return;
        }
        List<io.smarthost.core.relay.SenderAddress> addresses = new ArrayList<>(batch.size());
        List<RelaySettings> settings = new ArrayList<>(batch.size());
        java.util.Set<String> domainNames = new java.util.LinkedHashSet<>();
        List<String> secretKeys = new ArrayList<>();
        for (String[] row : batch) {
            io.smarthost.core.relay.SenderAddress a = SenderKeys.addressOf(row[0]);
            RelaySettings s = RelayCodec.read(row[1]);
            addresses.add(a);
            settings.add(s);
            domainNames.add(a.domain());
            if (s.active() && s.authentication()) {
                secretKeys.add(SenderKeys.secret(a));
            }
        }
        Map<String, Domain> found = domains.findAll(List.copyOf(domainNames));
        Map<String, io.smarthost.panel.api.Secret> secrets = secretKeys.isEmpty() ? Map.of() : tx.getSecrets(secretKeys);
        for (int i = 0; i < addresses.size(); i++) {
            io.smarthost.core.relay.SenderAddress a = addresses.get(i);
            RelaySettings s = settings.get(i);
            Domain d = found.get(a.domain());
            if (!s.active() || d == null || !d.name().equals(a.domain())) {
                continue;
            }
            Optional<io.smarthost.panel.api.Secret> secret = s.authentication()
                    ? Optional.ofNullable(secrets.get(SenderKeys.secret(a))) : Optional.empty();
            s.toRelay(secret).ifPresent(r -> action.accept(a.address(), r));
        }
    }

    /** Stops at the first active sender row of an existing domain (sender rows are few). */
    @Override
    public boolean hasSenders() {
        boolean[] any = {false};
        for (var row : tx.first(SenderKeys.PREFIX, 4096)) {
            io.smarthost.core.relay.SenderAddress a = SenderKeys.addressOf(row.key());
            if (RelayCodec.read(row.value()).active()
                    && domains.find(a.domain()).filter(d -> d.name().equals(a.domain())).isPresent()) {
                return true;
            }
        }
        if (tx.count(SenderKeys.PREFIX) > 4096) {
            forEachSender((address, relay) -> any[0] = true);
        }
        return any[0];
    }
}
