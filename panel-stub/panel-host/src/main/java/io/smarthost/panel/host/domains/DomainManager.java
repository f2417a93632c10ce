package io.smarthost.panel.host.domains;

import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.DomainLifecycleListener;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.services.ActionLog;
import io.smarthost.panel.host.accounts.Users;
import io.smarthost.panel.host.db.Jdbc;
import io.smarthost.panel.host.services.DbDnsZones;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to domains (create, rename, delete, aliases): validated, committed, logged, and then
 * announced to every {@link DomainLifecycleListener}. A listener's failure becomes a warning in the
 * result; it never undoes the change.
 */
public final class DomainManager {

    private static final Logger LOG = LoggerFactory.getLogger(DomainManager.class);

    private final Jdbc jdbc;
    private final DomainStore store;
    private final Users users;
    private final DbDnsZones dns;
    private final ActionLog log;
    private final Supplier<List<DomainLifecycleListener>> listeners;

    /** What a change did, and what listeners reported. */
    public record Change(Domain domain, List<String> warnings) {
    }

    public DomainManager(Jdbc jdbc, DomainStore store, Users users, DbDnsZones dns, ActionLog log,
                         Supplier<List<DomainLifecycleListener>> listeners) {
        this.jdbc = jdbc;
        this.store = store;
        this.users = users;
        this.dns = dns;
        this.log = log;
        this.listeners = listeners;
    }

    public Change create(String rawName, String owner) {
        String name = DomainNames.normalise("name", rawName);
        if (users.find(owner).isEmpty()) {
            throw new IllegalArgumentException("owner: no user named '" + owner + "'");
        }
        ensureFree("name", name);
        long id = jdbc.tx(c -> {
            long newId = jdbc.insert("insert into domains(name, owner) values (?, ?)", name, owner);
            dns.applyTemplate(newId, name);
            return newId;
        });
        Domain domain = store.byId(id).orElseThrow();
        log.record("domain.created", name, Map.of("owner", owner));
        return new Change(domain, announce(l -> l.domainCreated(domain)));
    }

    public Change rename(String oldName, String rawNewName) {
        Domain before = existing(oldName);
        String name = DomainNames.normalise("new-name", rawNewName);
        if (name.equals(before.name())) {
            throw new IllegalArgumentException("new-name: the domain is already called '" + name + "'");
        }
        ensureFree("new-name", name);
        jdbc.tx(c -> {
            jdbc.update("update domains set name = ? where id = ?", name, before.id());
            dns.renameZone(before.id(), before.name(), name);
            return null;
        });
        Domain after = store.byId(before.id()).orElseThrow();
        log.record("domain.renamed", name, Map.of("from", before.name()));
        return new Change(after, announce(l -> l.domainRenamed(before, after)));
    }

    public Change delete(String name) {
        Domain domain = existing(name);
        jdbc.update("delete from domains where id = ?", domain.id());
        log.record("domain.deleted", domain.name(), Map.of());
        return new Change(domain, announce(l -> l.domainDeleted(domain)));
    }

    public Change addAlias(String name, String rawAlias) {
        Domain domain = existing(name);
        String alias = DomainNames.normalise("alias", rawAlias);
        ensureFree("alias", alias);
        jdbc.update("insert into domain_aliases(alias, domain_id) values (?, ?)", alias, domain.id());
        Domain after = store.byId(domain.id()).orElseThrow();
        log.record("domain.alias.added", domain.name(), Map.of("alias", alias));
        return new Change(after, announce(l -> l.aliasAdded(after, alias)));
    }

    public Change removeAlias(String name, String rawAlias) {
        Domain domain = existing(name);
        String alias = DomainNames.normalise("alias", rawAlias);
        if (jdbc.update("delete from domain_aliases where alias = ? and domain_id = ?", alias, domain.id()) == 0) {
            throw new IllegalArgumentException("alias: '" + alias + "' is not an alias of " + domain.name());
        }
        Domain after = store.byId(domain.id()).orElseThrow();
        log.record("domain.alias.removed", domain.name(), Map.of("alias", alias));
        return new Change(after, announce(l -> l.aliasRemoved(after, alias)));
    }

    /** The domain named exactly {@code name} (not an alias). */
    private Domain existing(String name) {
        String normal = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT);
        return store.find(normal).filter(d -> d.name().equals(normal))
                .orElseThrow(() -> new IllegalArgumentException("domain: no domain named '" + name + "'"));
    }

    private void ensureFree(String field, String name) {
        store.find(name).ifPresent(d -> {
            throw new IllegalArgumentException(field + ": '" + name + "' is already used by domain " + d.name());
        });
    }

    private List<String> announce(Consumer<DomainLifecycleListener> event) {
        List<String> warnings = new ArrayList<>();
        for (DomainLifecycleListener listener : listeners.get()) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                String text = listener.getClass().getName() + " failed: " + e.getMessage();
                LOG.warn("Domain listener {}", text, e);
                warnings.add(text);
            }
        }
        return warnings;
    }

    /** Whether a role can create domains for others. */
    public static boolean canManageAll(Role role) {
        return role == Role.ADMIN;
    }
}
