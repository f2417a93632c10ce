package io.smarthost.core.service;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Scope;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.services.SettingsStore;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The panel's domain life cycle as the relay settings follow it, called by
 * {@link SmarthostDomainListener} after the host committed the change (so these never ask for a
 * confirmation). A domain without relay settings costs one read and no backend choice.
 */
final class DomainLifecycle {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DomainLifecycle.class);
    private final SettingsStore store;
    private final Backends backends;
    private final ChangePipeline pipeline;

    DomainLifecycle(SettingsStore store, Backends backends, ChangePipeline pipeline) {
        this.store = store;
        this.backends = backends;
        this.pipeline = pipeline;
    }

    /**
     * A change interrupted earlier (a process killed between its commit and the mail server's apply) is applied
     * first: a domain change is a change, and one that has nothing to write for the relays (most of them) left the
     * maps as the interrupted change had left them until the next relay change or start (a hostile test: a
     * {@code kill -9} of {@code panel bin domain --rename}). One read of the journal when nothing is behind; a
     * failure is logged, and the domain change goes on.
     */
    private void healFirst() {
        try {
            pipeline.convergeNow(backends.select()).ifPresent(r -> LOG.info(
                    "smarthost: an interrupted change was re-applied before a domain change ({} ms)", r.took().toMillis()));
        } catch (RuntimeException e) {
            LOG.warn("smarthost: an interrupted change could not be re-applied before a domain change: {}", e.toString());
        }
    }

    /** A same-named domain deleted while the plugin was off may have left settings behind: they go. */
    void created(Domain domain) {
        healFirst();
        removeSettings(domain, "stale settings of a new domain");
    }

    void createdAll(List<Domain> domains) {
        healFirst();
        java.util.Map<String, String> stale = store.inTransaction(tx -> tx.getAll(
                domains.stream().map(d -> StoreKeys.settings(Scope.domain(d.name()))).toList()));
        for (Domain d : domains) {
            if (stale.containsKey(StoreKeys.settings(Scope.domain(d.name())))) {
                removeSettings(d, "stale settings of a new domain");
            }
        }
    }

    void deleted(Domain domain) {
        healFirst();
        removeSettings(domain, "domain deleted");
        store.inTransaction(tx -> tx.delete(StoreKeys.RENAMED_PREFIX + domain.id())); // its ids are never used again
    }

    void renamed(Domain before, Domain after) {
        healFirst();
        Scope from = Scope.domain(before.name());
        Scope to = Scope.domain(after.name());
        String renamedKey = StoreKeys.RENAMED_PREFIX + after.id();
        String rename = before.name() + ">" + after.name();
        if (store.get(renamedKey).filter(rename::equals).isPresent()) {
            // told again (the panel tells a plugin again a change that a crash interrupted): done already, and
            // applied again it would delete what it moved (the new name's rows go first)
            return;
        }
        boolean addresses = hasSenderRows(before.name());
        // rows left under the new name by a domain deleted while the plugin was off: never the renamed domain's
        boolean leftover = hasSettings(to) || hasSenderRows(after.name());
        if (!hasSettings(from) && !addresses && !leftover) {
            // nothing to move, but the rename is noted all the same: a later rename back to the first one noted
            // would otherwise be taken for that one told again, and skipped (the relay stayed under the old name)
            store.inTransaction(tx -> {
                tx.put(renamedKey, rename);
                return null;
            });
            return;
        }
        Set<String> senders = new LinkedHashSet<>(ResolvedScope.senders(before));
        senders.addAll(ResolvedScope.senders(after));
        pipeline.change(backends.select(), "smarthost.domain.renamed", List.of(after.name()),
                Map.of("from", before.name()), tx -> {
                    senders.addAll(SenderRelays.deleteDomain(tx, after.name()));
                    SettingsWrites.moveAll(tx, from, to);
                    // per-sender relays (1.3) follow their domain's new name
                    senders.addAll(SenderRelays.moveDomain(tx, before.name(), after.name()));
                    tx.put(renamedKey, rename);
                    return ChangeSet.domains(senders);
                });
    }

    /** An alias added to or removed from a domain whose relay is on: its mail now follows another route. */
    void aliasChanged(Domain domain, String alias, String action) {
        healFirst();
        boolean active = SharedRelays.settings(store::get, Scope.domain(domain.name()))
                .filter(RelaySettings::active).isPresent();
        if (active) {
            String a = DomainNames.ascii(alias);
            pipeline.change(backends.select(), action, List.of(domain.name()), Map.of("alias", a),
                    tx -> ChangeSet.domains(Set.of(a)));
        }
    }

    private void removeSettings(Domain domain, String reason) {
        Scope scope = Scope.domain(domain.name());
        if (hasSettings(scope) || hasSenderRows(domain.name())) {
            pipeline.change(backends.select(), "smarthost.domain.removed", List.of(domain.name()),
                    Map.of("reason", reason), tx -> {
                        ChangeSet domainChange = SettingsWrites.deleteAll(tx, scope, ResolvedScope.senders(domain));
                        // per-sender relays (1.3) go with their domain
                        Set<String> changed = new LinkedHashSet<>(domainChange.senderDomains());
                        changed.addAll(SenderRelays.deleteDomain(tx, domain.name()));
                        return ChangeSet.domains(changed);
                    });
        }
    }

    /** Whether any address of {@code domain} has a relay of its own (per-sender relays, 1.3). */
    private boolean hasSenderRows(String domain) {
        return !store.inTransaction(tx -> tx.first(SenderKeys.domainPrefix(domain), 1)).isEmpty();
    }

    private boolean hasSettings(Scope scope) {
        return store.get(StoreKeys.settings(scope)).isPresent();
    }
}
