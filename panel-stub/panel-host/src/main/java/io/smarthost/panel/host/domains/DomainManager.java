package io.smarthost.panel.host.domains;

import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.DomainLifecycleListener;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.services.ActionLog;
import io.smarthost.panel.host.accounts.Users;
import io.smarthost.panel.host.db.Jdbc;
import io.smarthost.panel.host.plugins.Contribution;
import io.smarthost.panel.host.services.DbDnsZones;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final Supplier<List<Contribution<DomainLifecycleListener>>> listeners;
    private final DomainEvents events;

    /** What a change did, and what listeners reported. */
    public record Change(Domain domain, List<String> warnings) {
    }

    public DomainManager(Jdbc jdbc, DomainStore store, Users users, DbDnsZones dns, ActionLog log,
                         Supplier<List<Contribution<DomainLifecycleListener>>> listeners) {
        this.jdbc = jdbc;
        this.store = store;
        this.users = users;
        this.dns = dns;
        this.log = log;
        this.listeners = listeners;
        this.events = new DomainEvents(jdbc);
    }

    /**
     * Tells {@code pluginId}'s listeners the kept domain changes they missed (it was disabled, or a process died
     * between a change's commit and telling them), in order, then forgets the events every plugin heard.
     */
    public void catchUp(String pluginId) {
        List<DomainLifecycleListener> own = listeners.get().stream().filter(c -> c.pluginId().equals(pluginId))
                .map(Contribution::extension).toList();
        if (!own.isEmpty()) {
            events.catchUp(pluginId, own);
        }
        events.prune();
    }

    /**
     * Creates one domain. The owner is stored as the user's own login ({@code -owner DEMO} is demo's domain): logins are
     * looked up in any case but compared as stored, so a domain stored under "DEMO" was in no customer's list and did
     * not keep demo from being deleted.
     */
    public Change create(String rawName, String typedOwner) {
        String name = DomainNames.normalise("name", rawName);
        String owner = login(typedOwner).orElseThrow(() -> new IllegalArgumentException("owner: no user named '"
                + DomainNames.printable(String.valueOf(typedOwner)) + "'"));
        ensureFree("name", name);
        long id = jdbc.tx(c -> {
            long newId = jdbc.insert("insert into domains(name, owner) values (?, ?)", name, owner);
            jdbc.update(DomainNameIndex.BUMP);
            dns.applyTemplate(newId, name);
            return newId;
        });
        Domain domain = store.byId(id).orElseThrow();
        log.record("domain.created", name, Map.of("owner", owner));
        return new Change(domain, announce(l -> l.domainCreated(domain)));
    }

    /** One line of a many-domain creation: its number in the input (from 1), the name and the owner as given. */
    public record NewDomain(int line, String name, String owner) {
    }

    /** A line that was refused: its number and why (field and problem). */
    public record LineProblem(int line, String problem) {
    }

    /**
     * What {@link #createAll} did: the domains created and the lines skipped because their domain was already there
     * (with {@code skipExisting}), or the problems (then nothing was created).
     */
    public record Batch(int created, int skipped, List<LineProblem> problems, List<String> warnings) {
    }

    /**
     * A failure of {@link #createAll} after some of its transactions were committed: those domains stay (each
     * transaction is whole), the rest were not created. Running the same lines again with {@code skipExisting}
     * creates the rest; its cause is the failure itself.
     */
    public static final class PartlyCreated extends RuntimeException {
        private final int created;
        private final int skipped;
        private final int total;

        PartlyCreated(int created, int skipped, int total, RuntimeException cause) {
            super(created + " of " + total + " domain(s) were created before a failure: " + cause.getMessage(), cause);
            this.created = created;
            this.skipped = skipped;
            this.total = total;
        }

        /** Domains created (committed) before the failure. */
        public int created() {
            return created;
        }

        /** Lines skipped as already there, before the failure. */
        public int skipped() {
            return skipped;
        }

        /** The domains the run was to create (the lines skipped not counted). */
        public int total() {
            return total;
        }
    }

    /** Domains created per transaction by {@link #createAll}. */
    public static final int BATCH = 1000;

    /** {@link #createAll(List, boolean, List, java.util.function.LongConsumer)} refusing domains already there. */
    public Batch createAll(List<NewDomain> lines, java.util.function.LongConsumer progress) {
        return createAll(lines, false, List.of(), progress);
    }

    /**
     * Creates many domains: every line is checked first (name, owner, a name used twice or already
     * taken); a problem on any line creates nothing and lists each problem with its line number.
     * Otherwise the domains are written {@value #BATCH} per transaction (one insert batch, the DNS
     * template in another), one action-log line per transaction, and listeners hear of each batch.
     *
     * @param skipExisting a line whose domain exists already, with the same owner, is done and skipped (counted in
     *                     {@link Batch#skipped}): an interrupted run is resumed by running it again. Its listeners are
     *                     not told again. A domain of another owner, or an alias of the name, is still a problem
     * @param unread       problems the caller met reading its input (a line too long, not UTF-8): listed with the
     *                     others, in line order, and nothing is created
     * @param progress     told how many lines are done so far (created, or skipped), after each transaction
     * @throws PartlyCreated when a transaction fails after others were committed (a failure of the first one is
     *                       thrown as it is: nothing was created)
     */
    public Batch createAll(List<NewDomain> lines, boolean skipExisting, List<LineProblem> unread,
                           java.util.function.LongConsumer progress) {
        List<LineProblem> problems = new ArrayList<>(unread);
        List<String[]> valid = new ArrayList<>(lines.size());
        java.util.Map<String, Optional<String>> owners = new java.util.HashMap<>();
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (NewDomain d : lines) {
            String name;
            try {
                name = DomainNames.normalise("name", d.name());
            } catch (IllegalArgumentException e) {
                problems.add(new LineProblem(d.line(), e.getMessage()));
                continue;
            }
            String owner = d.owner() == null ? "" : d.owner().strip();
            if (owner.isEmpty()) {
                problems.add(new LineProblem(d.line(), "owner: a user name is required after the domain name"));
                continue;
            }
            Optional<String> login = owners.computeIfAbsent(owner, this::login);
            if (login.isEmpty()) {
                problems.add(new LineProblem(d.line(), "owner: no user named '" + DomainNames.printable(owner) + "'"));
                continue;
            }
            Integer first = seen.putIfAbsent(name, d.line());
            if (first != null) {
                problems.add(new LineProblem(d.line(), "name: '" + name + "' is already on line " + first));
                continue;
            }
            valid.add(new String[] {name, login.get(), Integer.toString(d.line())});
        }
        List<String[]> toCreate = new ArrayList<>(valid.size());
        int skipped = 0;
        for (int from = 0; from < valid.size(); from += BATCH) {
            List<String[]> chunk = valid.subList(from, Math.min(valid.size(), from + BATCH));
            var taken = store.findAll(chunk.stream().map(v -> v[0]).toList());
            for (String[] v : chunk) {
                Domain d = taken.get(v[0]);
                if (d == null) {
                    toCreate.add(v);
                } else if (skipExisting && d.name().equals(v[0]) && d.owner().equals(v[1])) {
                    skipped++;
                } else if (skipExisting && d.name().equals(v[0])) {
                    problems.add(new LineProblem(Integer.parseInt(v[2]), "name: '" + v[0] + "' is already used by domain "
                            + d.name() + " of " + d.owner() + ", not of " + v[1]));
                } else {
                    problems.add(new LineProblem(Integer.parseInt(v[2]), "name: '" + v[0] + "' is already used by domain " + d.name()));
                }
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparingInt(LineProblem::line));
            return new Batch(0, 0, problems, List.of());
        }
        List<String> warnings = new ArrayList<>();
        int created = 0;
        if (skipped > 0) {
            progress.accept(skipped);
        }
        for (int from = 0; from < toCreate.size(); from += BATCH) {
            List<String[]> chunk = toCreate.subList(from, Math.min(toCreate.size(), from + BATCH));
            try {
                List<Domain> domains = jdbc.tx(c -> insertAll(c, chunk));
                created += domains.size();
                log.record("domain.created", domains.size() == 1 ? domains.get(0).name() : domains.size() + " domains",
                        Map.of("first", domains.get(0).name(), "last", domains.get(domains.size() - 1).name()));
                warnings.addAll(announce(l -> l.domainsCreated(domains)));
                progress.accept((long) created + skipped);
            } catch (RuntimeException e) {
                // the transactions before are committed (this one too, when what failed came after it): say how
                // many domains there are now, so that the run can be resumed rather than guessed at
                if (created == 0) {
                    throw e;
                }
                throw new PartlyCreated(created, skipped, toCreate.size(), e);
            }
        }
        if (created >= 10_000) {
            io.smarthost.panel.api.MemoryBack.now(); // as the plugin's bulk changes: the batches' memory goes back
        }
        return new Batch(created, skipped, List.of(), warnings);
    }

    private List<Domain> insertAll(java.sql.Connection c, List<String[]> chunk) throws java.sql.SQLException {
        // one statement per batch (rows as arrays): a JDBC batch is one round trip per row when panel bin
        // reaches the running panel's database over TCP (AUTO_SERVER), 300 s for 100,000 domains
        try (var insert = c.prepareStatement("insert into domains(name, owner) select n, o from unnest(?, ?) u(n, o)")) {
            insert.setObject(1, chunk.stream().map(v -> v[0]).toArray(String[]::new));
            insert.setObject(2, chunk.stream().map(v -> v[1]).toArray(String[]::new));
            insert.executeUpdate();
        }
        jdbc.update(DomainNameIndex.BUMP);
        List<Domain> domains = new ArrayList<>(store.findAll(chunk.stream().map(v -> v[0]).toList()).values());
        domains.sort(java.util.Comparator.comparing(Domain::name));
        dns.applyTemplate(c, domains.stream().map(d -> java.util.Map.entry(d.id(), d.name())).toList());
        return domains;
    }

    public Change rename(String oldName, String rawNewName) {
        Domain before = existing(oldName);
        String name = DomainNames.normalise("new-name", rawNewName);
        if (name.equals(before.name())) {
            throw new IllegalArgumentException("new-name: the domain is already called '" + name + "'");
        }
        ensureFree("new-name", name);
        long event = jdbc.tx(c -> {
            jdbc.update("update domains set name = ? where id = ?", name, before.id());
            jdbc.update(DomainNameIndex.BUMP);
            dns.renameZone(before.id(), before.name(), name);
            return events.record(DomainEvents.RENAMED, new Domain(before.id(), name, before.owner(), before.aliases()),
                    before.name(), null);
        });
        Domain after = store.byId(before.id()).orElseThrow();
        log.record("domain.renamed", name, Map.of("from", before.name()));
        return new Change(after, announce(event, l -> l.domainRenamed(before, after)));
    }

    public Change delete(String name) {
        Domain domain = existing(name);
        long event = jdbc.tx(c -> {
            jdbc.update("delete from domains where id = ?", domain.id());
            jdbc.update(DomainNameIndex.BUMP);
            return events.record(DomainEvents.DELETED, domain, null, null);
        });
        log.record("domain.deleted", domain.name(), Map.of());
        return new Change(domain, announce(event, l -> l.domainDeleted(domain)));
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
        long event = jdbc.tx(c -> {
            if (jdbc.update("delete from domain_aliases where alias = ? and domain_id = ?", alias, domain.id()) == 0) {
                throw new IllegalArgumentException("alias: '" + alias + "' is not an alias of " + domain.name());
            }
            List<String> left = new ArrayList<>(domain.aliases());
            left.remove(alias);
            return events.record(DomainEvents.ALIAS_REMOVED, new Domain(domain.id(), domain.name(), domain.owner(), left),
                    null, alias);
        });
        Domain after = store.byId(domain.id()).orElseThrow();
        log.record("domain.alias.removed", domain.name(), Map.of("alias", alias));
        return new Change(after, announce(event, l -> l.aliasRemoved(after, alias)));
    }

    /**
     * The domain named exactly {@code name} (not an alias), typed in Unicode or ASCII, any case, a trailing dot or
     * not, as {@code --create} and {@code --info} take it ({@code bücher.example} names xn--bcher-kva.example).
     */
    private Domain existing(String name) {
        String normal;
        try {
            normal = DomainNames.normalise("domain", name);
        } catch (IllegalArgumentException e) {
            normal = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT); // not a name: found nowhere
        }
        String wanted = normal;
        return store.find(wanted).filter(d -> d.name().equals(wanted))
                .orElseThrow(() -> new IllegalArgumentException("domain: no domain named '" + (name == null ? "" : DomainNames.printable(name)) + "'"));
    }

    /** The stored login of the user {@code typed} names (logins are found in any case), empty when there is none. */
    private Optional<String> login(String typed) {
        return typed == null || typed.isBlank() ? Optional.empty() : users.find(typed.strip()).map(u -> u.login());
    }

    private void ensureFree(String field, String name) {
        store.find(name).ifPresent(d -> {
            throw new IllegalArgumentException(field + ": '" + name + "' is already used by domain " + d.name());
        });
    }

    /**
     * Tells every plugin's listeners of a change that is not kept (a creation, an alias added), after the kept
     * changes each plugin missed: a domain deleted while a plugin was off goes before one created with its name.
     */
    private List<String> announce(Consumer<DomainLifecycleListener> event) {
        List<String> warnings = new ArrayList<>();
        byPlugin().forEach((pluginId, own) -> {
            try {
                events.tell(pluginId, own, Optional.empty(), null, warnings);
            } catch (RuntimeException e) {
                LOG.warn("Domain events for plugin {} not told: {}", pluginId, e.toString());
                warnings.add("plugin " + pluginId + ": earlier domain changes not told: " + e.getMessage());
            }
            for (DomainLifecycleListener listener : own) {
                try {
                    event.accept(listener);
                } catch (RuntimeException e) {
                    String text = listener.getClass().getName() + " failed: " + e.getMessage();
                    LOG.warn("Domain listener {}", text, e);
                    warnings.add(text);
                }
            }
        });
        return warnings;
    }

    /** Tells every plugin's listeners of the kept change {@code event}, after what each missed before it. */
    private List<String> announce(long event, Consumer<DomainLifecycleListener> live) {
        List<String> warnings = new ArrayList<>();
        byPlugin().forEach((pluginId, own) -> {
            try {
                events.tell(pluginId, own, Optional.of(event), live, warnings);
            } catch (RuntimeException e) {
                // the change is committed and kept: the plugin hears of it at its next start
                LOG.warn("Domain event {} not told to plugin {} now: {}", event, pluginId, e.toString());
                warnings.add("plugin " + pluginId + ": told at its next start: " + e.getMessage());
            }
        });
        return warnings;
    }

    private Map<String, List<DomainLifecycleListener>> byPlugin() {
        Map<String, List<DomainLifecycleListener>> out = new java.util.LinkedHashMap<>();
        listeners.get().forEach(c -> out.computeIfAbsent(c.pluginId(), p -> new ArrayList<>()).add(c.extension()));
        return out;
    }

    /** Whether a role can create domains for others. */
    public static boolean canManageAll(Role role) {
        return role == Role.ADMIN;
    }
}
