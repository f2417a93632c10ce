package io.smarthost.core.service;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.BackendSelector;
import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.MailServerTrust;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.backend.Verification;
import io.smarthost.core.backend.RelayLevel;
import io.smarthost.core.check.CheckReport;
import io.smarthost.core.relay.HostSyntax;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.validation.FieldError;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.RelayValidationContext;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.core.validation.ResolvedInput;
import io.smarthost.core.validation.StoredLogin;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The smarthost feature's one public API, used by pages, REST resources, CLI commands, the domain
 * lifecycle listener and the repair hook.
 *
 * <p>Every change runs in one store transaction: the settings are written, then the active
 * {@link MailBackend} applies the new desired state inside that transaction; if the backend fails,
 * the store rolls back and a {@link RelayApplyException} carries the backend's step and reason.
 * Bad input raises {@link RelayValidationException} (field errors in the current user's language)
 * and changes nothing. Secrets are stored only through {@code putSecret} and never returned.
 * Thread-safe: changes, previews, inspections and repairs are serialised by one apply lock.
 *
 * <p>Across processes (the panel server and {@code panel bin} CLI commands share one database):
 * every change transaction first writes the fixed row {@link StoreKeys#APPLY_LOCK}. The database
 * keeps that row locked until the transaction commits or rolls back, so a second process's change
 * waits at its own first write until the first one has written its settings, applied them to the
 * mail server <em>and</em> committed. Without it, the backend's file lock was released when the
 * apply returned but before the store committed, and the two processes could interleave so that a
 * full render from one dropped the other's change. The wait is bounded by the database's lock
 * timeout (H2: {@code LOCK_TIMEOUT} in the JDBC URL, 1000 ms by default), which must exceed the
 * longest apply; a change that times out fails with the store's error and changes nothing.
 */
public final class SmarthostService {
    private static final Logger LOG = LoggerFactory.getLogger(SmarthostService.class);

    private final HostServices host;
    private final SettingsStore store;
    private final List<MailBackend> backends;
    private final RelayValidator validator;
    private final Clock clock;
    private final ReentrantLock applyLock = new ReentrantLock();
    private final HealthCache health;

    public SmarthostService(HostServices host, List<MailBackend> backends) {
        this(host, backends, RelayValidator.shared(), Clock.systemUTC());
    }

    /**
     * @param backends  installed backends in preference order (see {@link BackendSelector})
     * @param validator the plugin's validator
     * @param clock     time source for "updated" and check times
     */
    public SmarthostService(HostServices host, List<MailBackend> backends, RelayValidator validator, Clock clock) {
        this.host = host;
        this.store = host.store();
        this.backends = List.copyOf(backends);
        this.validator = validator;
        this.clock = clock;
        this.health = new HealthCache(clock, Duration.ofSeconds(30));
    }

    // ---- reads -------------------------------------------------------------------------------

    /** The server-wide settings and what applies to mail without a domain relay. */
    public RelayView server() {
        Optional<RelaySettings> own = read(Scope.SERVER);
        return new RelayView(Scope.SERVER, "", own, own.filter(RelaySettings::active).isPresent()
                ? RelayLevel.SERVER : RelayLevel.DIRECT, own.filter(RelaySettings::active), lastCheck(Scope.SERVER));
    }

    /** One domain's settings and which level decides where its mail goes. */
    public RelayView domain(String name) {
        Domain d = DomainNames.require(host.domains(), name);
        Scope scope = Scope.domain(d.name());
        Optional<RelaySettings> own = read(scope);
        Optional<RelaySettings> server = read(Scope.SERVER).filter(RelaySettings::active);
        RelayLevel level = own.filter(RelaySettings::active).isPresent() ? RelayLevel.DOMAIN
                : server.isPresent() ? RelayLevel.SERVER : RelayLevel.DIRECT;
        Optional<RelaySettings> effective = level == RelayLevel.DOMAIN ? own : server;
        return new RelayView(scope, HostSyntax.toUnicode(d.name()), own, level, effective, lastCheck(scope));
    }

    /**
     * Where mail from {@code senderDomain} goes (domain, alias, or empty text for a bounce), with
     * the relay as the backend receives it. For the connection check and diagnostics; the relay
     * holds the secret, so never print it beyond its {@code toString()}.
     */
    public EffectiveRelay effectiveFor(String senderDomain) {
        String sender = senderDomain == null || senderDomain.isBlank() ? "" : DomainNames.ascii(senderDomain);
        return transaction(tx -> EffectiveRelay.resolve(new StoreDesiredState(tx, host.domains()), sender));
    }

    /** Domains with relay settings, by name; {@code filter} matches part of the name (Unicode or ASCII). */
    public PageResult<DomainRelayRow> list(String filter, int offset, int limit) {
        PageResult<SettingsStore.Entry> page = store.list(StoreKeys.DOMAIN_PREFIX, DomainNames.filter(filter),
                Math.max(0, offset), Math.max(1, limit));
        List<DomainRelayRow> rows = new ArrayList<>();
        for (SettingsStore.Entry e : page.items()) {
            String name = StoreKeys.domainOf(e.key());
            rows.add(new DomainRelayRow(name, HostSyntax.toUnicode(name), RelayCodec.read(e.value()),
                    lastCheck(Scope.domain(name))));
        }
        return new PageResult<>(rows, page.total(), page.offset(), page.limit());
    }

    /**
     * Domains with relay settings in the order asked for, one page of them, with the number that
     * match {@code filter} in all. {@link ListOrder#DOMAIN} pages straight from the store by key
     * (descending reads the mirrored page); the other orders stream the domain rows once and keep
     * at most {@code offset + limit} of them (see {@link SortedDomainPage}), ties broken by domain
     * name; {@link ListOrder#LAST_CHECK} also streams the check records once (their times only).
     *
     * @param filter     part of the name (Unicode or ASCII); empty for all
     * @param order      the column
     * @param descending whether to reverse the column's order (rows without a value stay last)
     * @param offset     index of the first row, from 0
     * @param limit      page size, at least 1
     */
    public PageResult<DomainRelayRow> list(String filter, ListOrder order, boolean descending, int offset,
                                           int limit) {
        int from = Math.max(0, offset);
        int size = Math.max(1, limit);
        if (order == ListOrder.DOMAIN) {
            return byName(filter, descending, from, size);
        }
        String f = DomainNames.filter(filter);
        Map<String, Instant> checks = new HashMap<>();
        if (order == ListOrder.LAST_CHECK) {
            store.forEach(StoreKeys.CHECK_PREFIX, (key, value) -> checks.put(
                    key.substring(StoreKeys.CHECK_PREFIX.length()), RelayCodec.readCheck(value).time()));
        }
        SortedDomainPage collector = new SortedDomainPage(order, descending, (long) from + size, checks);
        store.forEach(StoreKeys.DOMAIN_PREFIX, (key, value) -> {
            String name = StoreKeys.domainOf(key);
            if (f.isEmpty() || name.contains(f)) {
                collector.offer(name, RelayCodec.read(value));
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

    /** The key-ordered fast path: one page read from the store, mirrored for descending order. */
    private PageResult<DomainRelayRow> byName(String filter, boolean descending, int offset, int limit) {
        if (!descending) {
            return list(filter, offset, limit);
        }
        long total = list(filter, 0, 1).total();
        long end = total - offset;
        long start = Math.max(0, end - limit);
        List<DomainRelayRow> rows = new ArrayList<>(end <= 0 ? List.of()
                : list(filter, (int) start, (int) (end - start)).items());
        Collections.reverse(rows);
        return new PageResult<>(rows, total, offset, limit);
    }

    /** How many domains have relay settings. */
    public long domainCount() {
        return store.count(StoreKeys.DOMAIN_PREFIX);
    }

    /** What the active backend can honour; {@link Capabilities#none()} without one. */
    public Capabilities capabilities() {
        return selection().backend().map(MailBackend::capabilities).orElse(Capabilities.none());
    }

    /** The active backend's display name; empty when none was found ({@link #backendProblem()} says why). */
    public Optional<String> backendName() {
        return selection().backend().map(MailBackend::displayName);
    }

    public Optional<String> backendProblem() {
        return selection().problem();
    }

    /** Checks input without saving it (the form's live check); same rules as the updates. */
    public List<FieldError> validate(Scope scope, RelayInput input) {
        Scope s = canonical(scope);
        return validator.validate(input, context(s, read(s)), locale());
    }

    /**
     * The relay to test for a connection check of unsaved input. A blank password uses the stored
     * secret only when the input names the same relay (host, port, encryption) and user name as the
     * saved settings of {@code scope}; for any other relay the password must be typed again, so a
     * check can never carry the stored secret to a server the saved settings do not name. Empty
     * when the input names no host.
     *
     * @throws RelayValidationException when the input is not valid (backend limits aside), and with
     *         a {@code password} error when the password is blank but the relay or login differs
     *         from the saved one
     */
    public Optional<Relay> relayFor(Scope scope, RelayInput input) {
        Scope s = canonical(scope);
        RelayInput asChecked = input.withEnabled(false);
        Optional<RelaySettings> stored = read(s);
        List<FieldError> errors = validator.validate(asChecked, context(s, stored), locale());
        if (!errors.isEmpty()) {
            throw new RelayValidationException(errors);
        }
        ResolvedInput r = ResolvedInput.of(asChecked);
        if (r.address().isEmpty()) {
            return Optional.empty();
        }
        // The validator refused a blank password for a relay other than the saved one; checked again
        // here because handing the secret to the wrong server cannot be undone.
        boolean reuse = r.authentication() && r.password().isEmpty()
                && stored.flatMap(SmarthostService::storedLogin).filter(l -> l.sameRelayAndLogin(r)).isPresent();
        Optional<Secret> secret = reuse ? transaction(tx -> tx.getSecret(StoreKeys.secret(s))) : r.password();
        RelaySettings settings = new RelaySettings(true, r.address(), r.encryption(), r.verifyCertificate(),
                r.authentication(), r.username(), secret.isPresent(), r.provider(), clock.instant());
        return settings.toRelay(secret);
    }

    /**
     * How the active mail server decides to trust a relay's certificate, for the connection check
     * ({@code CheckRequest.forMailServer}); unknown (empty name) when there is no backend.
     *
     * @since 1.1
     */
    public MailServerTrust mailServerTrust() {
        return selection().backend().map(MailBackend::certificateTrust).orElse(MailServerTrust.unknown(""));
    }

    /** The last check of the relay saved for {@code scope}; empty when none concerns it (see {@link #recordCheck}). */
    public Optional<CheckRecord> lastCheck(Scope scope) {
        Scope s = canonical(scope);
        Optional<RelaySettings> saved = read(s);
        return store.get(StoreKeys.check(s)).map(RelayCodec::readCheck).filter(c -> saved.map(c::concerns).orElse(false));
    }

    /**
     * Keeps {@code report} as the last check of {@code scope}, as codes and values (see
     * {@link CheckRecord}), but only when {@code checked} is what is saved for that scope: the same
     * relay address, port, MX lookup, encryption, certificate verification, authentication and user
     * name, and a blank password or the saved one. A check of unsaved values is shown to whoever ran
     * it and kept nowhere, so the list and the pages never show it against the saved relay.
     *
     * @param checked the input the check was run with (as given to {@link #relayFor})
     * @return whether it was kept
     * @since 1.1
     */
    public boolean recordCheck(Scope scope, RelayInput checked, CheckReport report, Instant time) {
        Scope s = canonical(scope);
        return transaction(tx -> {
            Optional<RelaySettings> saved = tx.get(StoreKeys.settings(s)).map(RelayCodec::read);
            if (saved.isEmpty() || !SavedRelayMatch.matches(saved.get(), checked,
                    () -> tx.getSecret(StoreKeys.secret(s)))) {
                return false;
            }
            tx.put(StoreKeys.check(s), RelayCodec.write(CheckRecord.of(report, time,
                    CheckRecord.CheckedRelay.of(saved.get()))));
            return true;
        });
    }

    // ---- changes -----------------------------------------------------------------------------

    public UpdateResult updateServer(RelayInput input, Confirm confirm) {
        return update(List.of(Scope.SERVER), input, confirm, "smarthost.server.updated");
    }

    public UpdateResult updateDomain(String name, RelayInput input) {
        return updateDomain(name, input, Confirm.NONE);
    }

    public UpdateResult updateDomain(String name, RelayInput input, Confirm confirm) {
        Domain d = DomainNames.require(host.domains(), name);
        return update(List.of(Scope.domain(d.name())), input, confirm, "smarthost.domain.updated");
    }

    /** Sets the same relay for many domains: one transaction, one backend apply. */
    public UpdateResult bulkUpdate(Collection<String> names, RelayInput input, Confirm confirm) {
        List<Scope> scopes = names.stream().map(n -> Scope.domain(DomainNames.require(host.domains(), n).name()))
                .distinct().toList();
        return update(scopes, input, confirm, "smarthost.domain.updated");
    }

    /** Turns the server-wide relay off, keeping its settings for later. */
    public UpdateResult disableServer() {
        return disableServer(Confirm.NONE);
    }

    /** As {@link #disableServer()}; like an update, it asks before writing over settings changed by hand. */
    public UpdateResult disableServer(Confirm confirm) {
        requireDisableConfirmed(confirm, List.of(Scope.SERVER));
        return setEnabled(List.of(Scope.SERVER), false, "smarthost.server.disabled");
    }

    public UpdateResult disableDomain(String name) {
        return bulkDisable(List.of(name));
    }

    public UpdateResult disableDomain(String name, Confirm confirm) {
        return bulkDisable(List.of(name), confirm);
    }

    /** Turns the relay of many domains off: one transaction, one backend apply. */
    public UpdateResult bulkDisable(Collection<String> names) {
        return bulkDisable(names, Confirm.NONE);
    }

    /** As {@link #bulkDisable(Collection)}; asks before writing over settings changed by hand. */
    public UpdateResult bulkDisable(Collection<String> names, Confirm confirm) {
        List<Scope> scopes = names.stream().map(n -> Scope.domain(DomainNames.require(host.domains(), n).name()))
                .distinct().toList();
        requireDisableConfirmed(confirm, scopes);
        return setEnabled(scopes, false, "smarthost.domain.disabled");
    }

    /** Deletes the server-wide settings and secret. */
    public UpdateResult removeServer() {
        return remove(Scope.SERVER, "smarthost.server.removed");
    }

    /** Deletes a domain's settings, secret and last check; its mail then follows the server level. */
    public UpdateResult removeDomain(String name) {
        return remove(Scope.domain(DomainNames.require(host.domains(), name).name()), "smarthost.domain.removed");
    }

    /** Renders and applies the full desired state from the store. */
    public UpdateResult repair() {
        return change("smarthost.repaired", List.of("server"), Map.of(), tx -> ChangeSet.recovery());
    }

    /** What the mail server has now; settings written by hand show as not managed. */
    public Inspection inspect() {
        BackendSelection sel = selection();
        if (sel.backend().isEmpty()) {
            return new Inspection(List.of(), List.of(sel.problem().orElse("no backend")), false);
        }
        applyLock.lock();
        try {
            return sel.backend().get().inspect();
        } catch (BackendException e) {
            throw applyFailure(e);
        } finally {
            applyLock.unlock();
        }
    }

    /**
     * The self-check: whether an earlier change was interrupted, and every place where the mail server's
     * files disagree with the store (the backend compares configuration, tables and their indexes).
     * Runs under the apply lock, so it never sees a change half-way; changes nothing.
     */
    public HealthReport verify() {
        BackendSelection sel = selection();
        long start = System.nanoTime();
        applyLock.lock();
        try {
            return store.exclusively(StoreKeys.APPLY_LOCK, () -> {
                ApplyJournal.State state = ApplyJournal.read(store);
                List<Verification.Disagreement> found = new ArrayList<>();
                state.intent().ifPresent(i -> found.add(new Verification.Disagreement("interrupted", "panel store",
                        "change " + i.generation() + " (" + i.action() + ", started " + i.at() + ") was interrupted"
                        + " before the mail server confirmed it; the next start or change re-applies the stored"
                        + " settings (or run repair now)")));
                if (state.intent().isEmpty() && state.applied().generation() != state.generation()) {
                    found.add(new Verification.Disagreement("generation", "panel store", "the store is at generation "
                            + state.generation() + ", the mail server was last brought to generation "
                            + state.applied().generation() + (sel.backend().isEmpty() ? " (no mail server backend)"
                            : "; the next start or change re-applies the stored settings (or run repair now)")));
                }
                Verification v = sel.backend().isEmpty()
                        ? Verification.unsupported(sel.problem().orElse("no mail server backend"))
                        : store.inTransaction(tx -> sel.backend().get().verify(new StoreDesiredState(tx, host.domains())));
                found.addAll(v.disagreements());
                HealthReport report = new HealthReport(sel.backend().map(MailBackend::displayName).orElse(""),
                        state.generation(), state.applied().generation(), v.checked(), found, v.supported(),
                        clock.instant(), (System.nanoTime() - start) / 1_000_000);
                return report;
            });
        } catch (BackendException e) {
            throw applyFailure(e);
        } catch (RuntimeException e) {
            throw storeFailure(e);
        } finally {
            applyLock.unlock();
        }
    }

    /**
     * The last self-check, run again when older than 30 seconds or after a change. While a change is
     * being applied in this process, the previous report is returned rather than waiting for it.
     */
    public HealthReport health() {
        if (applyLock.isLocked() && !applyLock.isHeldByCurrentThread()) {
            Optional<HealthReport> last = health.last();
            if (last.isPresent()) {
                return last.get();
            }
        }
        return health.get(this::verify);
    }

    /**
     * What saving {@code input} for {@code scope} would write, side by side with what is there.
     * Nothing is kept: the proposed settings are written in a transaction that is always rolled back.
     */
    public Preview preview(Scope scope, RelayInput input) {
        Scope s = canonical(scope);
        MailBackend backend = requireBackend();
        applyLock.lock();
        try {
            return store.inRollbackTransaction(tx -> {
                StoreDesiredState state = new StoreDesiredState(tx, host.domains());
                write(tx, s, validated(s, input, state), clock.instant());
                return backend.preview(state);
            });
        } catch (BackendException e) {
            throw applyFailure(e);
        } finally {
            applyLock.unlock();
        }
    }

    // ---- domain life cycle (called by SmarthostDomainListener after the host committed) -------

    public void domainCreated(Domain domain) {
        // A same-named domain deleted while the plugin was off may have left settings behind.
        if (read(Scope.domain(domain.name())).isPresent()) {
            change("smarthost.domain.removed", List.of(domain.name()), Map.of("reason", "stale settings of a new domain"),
                    tx -> deleteAll(tx, Scope.domain(domain.name()), senders(domain)));
        }
    }

    public void domainDeleted(Domain domain) {
        if (read(Scope.domain(domain.name())).isPresent()) {
            change("smarthost.domain.removed", List.of(domain.name()), Map.of("reason", "domain deleted"),
                    tx -> deleteAll(tx, Scope.domain(domain.name()), senders(domain)));
        }
    }

    public void domainRenamed(Domain before, Domain after) {
        Scope from = Scope.domain(before.name());
        Scope to = Scope.domain(after.name());
        if (read(from).isEmpty()) {
            return;
        }
        Set<String> senders = new LinkedHashSet<>(senders(before));
        senders.addAll(senders(after));
        change("smarthost.domain.renamed", List.of(after.name()), Map.of("from", before.name()), tx -> {
            move(tx, StoreKeys.settings(from), StoreKeys.settings(to));
            move(tx, StoreKeys.check(from), StoreKeys.check(to));
            Optional<Secret> secret = tx.getSecret(StoreKeys.secret(from));
            tx.delete(StoreKeys.secret(from));
            secret.ifPresent(s -> tx.putSecret(StoreKeys.secret(to), s));
            return ChangeSet.domains(senders);
        });
    }

    public void aliasAdded(Domain domain, String alias) {
        aliasChanged(domain, alias, "smarthost.alias.added");
    }

    public void aliasRemoved(Domain domain, String alias) {
        aliasChanged(domain, alias, "smarthost.alias.removed");
    }

    private void aliasChanged(Domain domain, String alias, String action) {
        if (read(Scope.domain(domain.name())).filter(RelaySettings::active).isPresent()) {
            String a = DomainNames.ascii(alias);
            change(action, List.of(domain.name()), Map.of("alias", a), tx -> ChangeSet.domains(Set.of(a)));
        }
    }

    // ---- internals ---------------------------------------------------------------------------

    private UpdateResult update(List<Scope> scopes, RelayInput input, Confirm confirm, String action) {
        requireTakeOverConfirmed(confirm, scopes, input);
        Map<String, String> details = new LinkedHashMap<>();
        UpdateResult result = change(action, names(scopes), details, tx -> {
            StoreDesiredState state = new StoreDesiredState(tx, host.domains());
            Instant now = clock.instant();
            boolean server = false;
            Set<String> senders = new LinkedHashSet<>();
            // Validation depends on a scope's stored settings only when the input relies on a stored
            // secret (blank password with authentication on); otherwise one validation serves all scopes.
            boolean perScope = input.authentication() && !input.hasPassword();
            ResolvedInput shared = null;
            for (Scope scope : scopes) {
                ResolvedInput r = perScope || shared == null ? validated(scope, input, state) : shared;
                shared = r;
                write(tx, scope, r, now);
                describe(details, r);
                server |= scope.isServer();
                scope.domain().ifPresent(d -> senders.addAll(senders(host.domains().find(d).orElseThrow())));
            }
            if (input.enabled()) {
                tx.put(StoreKeys.TAKEOVER, now.toString());
            }
            return new ChangeSet(false, server, senders);
        });
        return result;
    }

    private ResolvedInput validated(Scope scope, RelayInput input, StoreDesiredState state) {
        List<FieldError> errors = validator.validate(input, context(scope, state.settings(scope)), locale());
        if (!errors.isEmpty()) {
            if (!scope.isServer()) {
                String d = scope.domain().get();
                errors = errors.stream().map(e -> new FieldError(e.field(), d + ": " + e.message())).toList();
            }
            throw new RelayValidationException(errors);
        }
        return ResolvedInput.of(input);
    }

    private void write(SettingsStore.Transaction tx, Scope scope, ResolvedInput r, Instant now) {
        String secretKey = StoreKeys.secret(scope);
        boolean secretSet;
        if (!r.authentication()) {
            // A secret that is not used is not kept.
            tx.delete(secretKey);
            secretSet = false;
        } else if (r.password().isPresent()) {
            tx.putSecret(secretKey, r.password().get());
            secretSet = true;
        } else {
            secretSet = tx.getSecret(secretKey).isPresent();
        }
        tx.put(StoreKeys.settings(scope), RelayCodec.write(new RelaySettings(r.enabled(), r.address(),
                r.encryption(), r.verifyCertificate(), r.authentication(), r.username(), secretSet, r.provider(), now)));
    }

    private UpdateResult setEnabled(List<Scope> scopes, boolean on, String action) {
        return change(action, names(scopes), Map.of("enabled", Boolean.toString(on)), tx -> {
            Set<String> senders = new LinkedHashSet<>();
            boolean server = false;
            for (Scope scope : scopes) {
                Optional<RelaySettings> s = tx.get(StoreKeys.settings(scope)).map(RelayCodec::read);
                if (s.isPresent() && s.get().enabled() != on) {
                    tx.put(StoreKeys.settings(scope), RelayCodec.write(s.get().withEnabled(on, clock.instant())));
                    server |= scope.isServer();
                    scope.domain().ifPresent(d -> senders.addAll(senders(host.domains().find(d).orElseThrow())));
                }
            }
            return new ChangeSet(false, server, senders);
        });
    }

    private UpdateResult remove(Scope scope, String action) {
        List<String> senders = scope.domain().map(d -> senders(host.domains().find(d).orElseThrow())).orElse(List.of());
        return change(action, names(List.of(scope)), Map.of(), tx -> deleteAll(tx, scope, senders));
    }

    private static ChangeSet deleteAll(SettingsStore.Transaction tx, Scope scope, List<String> senders) {
        tx.delete(StoreKeys.settings(scope));
        tx.delete(StoreKeys.secret(scope));
        tx.delete(StoreKeys.check(scope));
        return scope.isServer() ? ChangeSet.serverOnly() : ChangeSet.domains(Set.copyOf(senders));
    }

    private static void move(SettingsStore.Transaction tx, String from, String to) {
        Optional<String> value = tx.get(from);
        tx.delete(from);
        value.ifPresent(v -> tx.put(to, v));
    }

    /**
     * The heart of every change, under the store's cross-process apply lock:
     * <ol>
     * <li>bring the mail server back in line if an earlier change was interrupted ({@link #converge});
     * <li>commit the new settings with a new generation and the intent to apply it;
     * <li>let the backend apply them (it restores its files on failure);
     * <li>record the generation as applied.
     * </ol>
     * If the backend fails, the settings are put back as they were (the old state, both sides). If the
     * process dies or the store fails between 2 and 4, the intent stays and the next start or change
     * re-applies everything from the store (the new state). A caller is told "done" only after 4.
     */
    private UpdateResult change(String action, List<String> targets, Map<String, String> details, StoreChange work) {
        BackendSelection sel = selection();
        long start = System.nanoTime();
        applyLock.lock();
        try {
            return store.exclusively(StoreKeys.APPLY_LOCK, () -> {
                converge(sel);
                Staged staged = step(STORE_STEP, () -> store.inTransaction(tx -> {
                    UndoLog undo = new UndoLog(tx, StoreKeys::isSecret);
                    ChangeSet changes = work.apply(undo);
                    if (changes.isEmpty()) {
                        return new Staged(0, changes, undo);
                    }
                    long generation = sel.backend().isPresent() ? ApplyJournal.begin(tx, action, clock.instant())
                            : ApplyJournal.bump(tx);
                    return new Staged(generation, changes, undo);
                }));
                ApplyReport report = applyStaged(sel, action, targets, details, staged);
                Map<String, String> logged = new LinkedHashMap<>(details);
                logged.put("result", report.changed() ? "applied" : "unchanged");
                if (staged.generation() > 0) {
                    logged.put("generation", Long.toString(staged.generation()));
                }
                for (String target : targets) {
                    host.actionLog().record(action, target, logged);
                }
                LOG.info("{} {} ({} ms, {})", action, targets.size() == 1 ? targets.get(0) : targets.size() + " scopes",
                        (System.nanoTime() - start) / 1_000_000, logged);
                health.invalidate();
                return new UpdateResult(targets, report);
            });
        } catch (RuntimeException e) {
            health.invalidate();
            // a failure to take the lock (or of the store itself) before anything was written
            throw storeFailure(e);
        } finally {
            applyLock.unlock();
        }
    }

    /** Steps 3 and 4 of {@link #change}, or the compensation when the backend refuses. */
    private ApplyReport applyStaged(BackendSelection sel, String action, List<String> targets,
                                    Map<String, String> details, Staged staged) {
        if (staged.changes().isEmpty()) {
            return new ApplyReport(false, List.of(), List.of(), Duration.ZERO);
        }
        if (sel.backend().isEmpty()) {
            return new ApplyReport(false, List.of(), List.of("settings stored only: "
                    + sel.problem().orElse("no mail server backend")), Duration.ZERO);
        }
        MailBackend backend = sel.backend().get();
        ApplyReport report;
        try {
            report = store.inTransaction(tx -> backend.apply(new StoreDesiredState(tx, host.domains()), staged.changes()));
        } catch (BackendException e) {
            RelayApplyException failure = applyFailure(e);
            boolean filesRestored = e.getSuppressed().length == 0;
            String undone = undo(staged, backend, filesRestored);
            Map<String, String> logged = new LinkedHashMap<>(details);
            logged.put("result", "failed, " + undone);
            logged.put("step", failure.step());
            for (String target : targets) {
                host.actionLog().record(action + ".failed", target, logged);
            }
            LOG.warn("{} failed at {}: {} ({})", action, failure.step(), failure.reason(), undone);
            throw new RelayApplyException(failure.step(), failure.reason(), undone.equals(UNDONE), e);
        }
        step("record the applied generation", () -> store.inTransaction(tx -> {
            ApplyJournal.applied(tx, staged.generation(), backend.id(), clock.instant());
            return null;
        }));
        return report;
    }

    /**
     * Takes a change back after the backend refused it: the settings as they were, the generation
     * moved on and recorded as applied when the backend restored its files (otherwise the intent
     * stays, so the next start or change re-applies the old settings). Returns what was done, for logs.
     */
    private String undo(Staged staged, MailBackend backend, boolean filesRestored) {
        try {
            store.inTransaction(tx -> {
                staged.undo().undo(tx);
                long generation = ApplyJournal.begin(tx, "undo", clock.instant());
                if (filesRestored) {
                    ApplyJournal.applied(tx, generation, backend.id(), clock.instant());
                }
                return null;
            });
            return filesRestored ? UNDONE
                    : "settings put back; the mail server's files are re-applied at the next start or change";
        } catch (RuntimeException e) {
            LOG.error("could not put the settings back after a failed apply ({}); the next start or change"
                    + " re-applies the stored settings", e.toString());
            return "settings could not be put back (" + e.getMessage() + "): re-applied at the next start or change";
        }
    }

    /**
     * Brings the mail server back to the store after an interruption: when a change's intent is still
     * there or the applied generation is behind, everything is re-applied from the store, trusting
     * nothing on the mail server ({@link ChangeSet#recovery()}). Called under the apply lock by every
     * change, and at the panel's start ({@link #convergeNow()}). Cheap when nothing is behind: two reads.
     *
     * @return the report of the recovery apply; empty when nothing was behind
     * @throws RelayApplyException when the recovery apply fails (the intent stays)
     */
    private Optional<ApplyReport> converge(BackendSelection sel) {
        ApplyJournal.State state = ApplyJournal.read(store);
        if (!state.behind() || sel.backend().isEmpty()) {
            return Optional.empty();
        }
        MailBackend backend = sel.backend().get();
        String why = state.intent().map(i -> "change " + i.generation() + " (" + i.action() + ", " + i.at()
                + ") was interrupted").orElse("the mail server is at generation " + state.applied().generation()
                + ", the store at " + state.generation());
        LOG.warn("smarthost: {}; re-applying everything from the store", why);
        ApplyReport report;
        try {
            report = store.inTransaction(tx -> backend.apply(new StoreDesiredState(tx, host.domains()), ChangeSet.recovery()));
        } catch (BackendException e) {
            RelayApplyException failure = applyFailure(e);
            host.actionLog().record("smarthost.recovery.failed", "server", Map.of("reason", why, "step", failure.step()));
            throw new RelayApplyException("recover: " + failure.step(), failure.reason()
                    + " (an earlier change was interrupted and the mail server could not be brought back in line"
                    + " with the stored settings; nothing else was changed)", e);
        }
        step("record the applied generation", () -> store.inTransaction(tx -> {
            ApplyJournal.applied(tx, state.generation(), backend.id(), clock.instant());
            return null;
        }));
        host.actionLog().record("smarthost.recovered", "server", Map.of("reason", why,
                "generation", Long.toString(state.generation())));
        LOG.info("smarthost: recovered: the mail server follows the store again (generation {})", state.generation());
        health.invalidate();
        return Optional.of(report);
    }

    /**
     * {@link #converge} on its own, for the panel's start: re-applies everything when an earlier change
     * was interrupted. Empty when nothing was behind (or no backend is installed).
     */
    public Optional<ApplyReport> convergeNow() {
        BackendSelection sel = selection();
        applyLock.lock();
        try {
            return store.exclusively(StoreKeys.APPLY_LOCK, () -> converge(sel));
        } catch (RuntimeException e) {
            throw storeFailure(e);
        } finally {
            applyLock.unlock();
        }
    }

    /** Runs a store step; a failure names it (the caller's change was not acknowledged). */
    private static <T> T step(String name, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw ours(e) ? e : new RelayApplyException(name, storeFailure(name, e), name.equals(STORE_STEP), e);
        }
    }

    /** {@code e} itself when it is one of the feature's own answers, else the store's failure as step {@code store}. */
    private static RuntimeException storeFailure(RuntimeException e) {
        return ours(e) ? e : new RelayApplyException("store", "the settings store failed: " + e.getMessage(), e);
    }

    /** Whether {@code e} is one of the feature's own answers (bad input, unknown domain...), not a store failure. */
    private static boolean ours(RuntimeException e) {
        return e.getClass().getName().startsWith("io.smarthost.core.");
    }

    private static String storeFailure(String step, Exception e) {
        String what = e.getMessage() == null ? e.toString() : e.getMessage();
        return step.equals(STORE_STEP)
                ? "the settings store failed (" + what + ")"
                : "the settings store failed (" + what + ") after the mail server was changed; the panel re-applies"
                  + " its stored settings at the next start or change";
    }

    private static final String STORE_STEP = "store the settings";
    private static final String UNDONE = "settings and mail server left as they were";

    /** A change committed to the store, waiting for the backend. */
    private record Staged(long generation, ChangeSet changes, UndoLog undo) {
    }

    /**
     * Refuses a change that would write over settings changed by hand since the panel last wrote them
     * (a relay set up by hand before any take-over, or any later hand edit: each drift needs its own
     * confirmation, because once applied, what the panel wrote is the new baseline). The backend's
     * inspection is cheap and settles the usual case; only when it finds something written by hand
     * does the preview of this change decide whether the change would write over it.
     */
    private void requireTakeOverConfirmed(Confirm confirm, List<Scope> scopes, RelayInput input) {
        // an interrupted change first: its half-written files are the panel's own, not a hand edit
        convergeNow();
        Optional<MailBackend> backend = selection().backend();
        if (confirm == Confirm.TAKE_OVER_MANUAL || backend.isEmpty() || scopes.isEmpty()) {
            return;
        }
        Inspection inspection = inspect();
        if (!inspection.manualRelay() && inspection.drift().isEmpty()) {
            return;
        }
        // the first scope stands for all: the settings a take-over concerns depend on whether a server
        // relay and any domain relay are on, which one domain of a bulk update tells as well as all of them
        Preview preview = preview(scopes.get(0), input);
        if (preview.takesOverManual()) {
            throw new ConfirmationRequiredException(backend.get().displayName(), inspection, preview);
        }
    }

    /** A disable that turns an active relay off rewrites the managed settings like an update does. */
    private void requireDisableConfirmed(Confirm confirm, List<Scope> scopes) {
        List<Scope> active = scopes.stream().filter(s -> read(s).filter(RelaySettings::active).isPresent()).toList();
        requireTakeOverConfirmed(confirm, active, RelayInput.disabled());
    }

    private static void describe(Map<String, String> details, ResolvedInput r) {
        details.put("enabled", Boolean.toString(r.enabled()));
        details.put("relay", r.address().map(a -> a.canonical()).orElse(""));
        details.put("encryption", r.encryption().id());
        details.put("verifyCertificate", Boolean.toString(r.verifyCertificate()));
        details.put("authentication", Boolean.toString(r.authentication()));
        details.put("username", r.username());
        details.put("credentials", !r.authentication() ? "none" : r.password().isPresent() ? "changed" : "kept");
        details.put("provider", r.provider());
    }

    /**
     * The validation context of {@code scope}: a stored secret counts only for the relay and login it
     * was saved with, so a blank password can never carry it to another server.
     */
    private RelayValidationContext context(Scope scope, Optional<RelaySettings> stored) {
        BackendSelection sel = selection();
        Optional<StoredLogin> login = stored.flatMap(SmarthostService::storedLogin);
        return new RelayValidationContext(scope, sel.backend().map(MailBackend::displayName),
                sel.backend().map(MailBackend::capabilities).orElse(Capabilities.none()), login.isPresent(),
                sel.setting(), login);
    }

    /** The relay and login a stored secret belongs to; empty when no secret is stored. */
    private static Optional<StoredLogin> storedLogin(RelaySettings s) {
        return s.secretSet() && s.authentication()
                ? Optional.of(new StoredLogin(s.address(), s.encryption(), s.username())) : Optional.empty();
    }

    private BackendSelection selection() {
        return BackendSelector.select(host.ini().get(BackendSelector.INI_SECTION, BackendSelector.INI_KEY, "auto"),
                backends);
    }

    private MailBackend requireBackend() {
        BackendSelection sel = selection();
        return sel.backend().orElseThrow(() -> new RelayApplyException("select backend",
                sel.problem().orElse("no mail server backend"), null));
    }

    private Locale locale() {
        return host.currentRequest().map(c -> c.user().locale()).orElse(Locale.ENGLISH);
    }

    private Optional<RelaySettings> read(Scope scope) {
        return store.get(StoreKeys.settings(scope)).map(RelayCodec::read);
    }

    private Scope canonical(Scope scope) {
        return scope.isServer() ? Scope.SERVER : Scope.domain(DomainNames.require(host.domains(), scope.domain().get()).name());
    }

    private static List<String> senders(Domain d) {
        List<String> out = new ArrayList<>();
        out.add(d.name());
        out.addAll(d.aliases());
        return out;
    }

    private static List<String> names(List<Scope> scopes) {
        return scopes.stream().map(Scope::toString).toList();
    }

    private <T> T transaction(SettingsStore.Work<T, RuntimeException> work) {
        return store.inTransaction(work);
    }

    private static RelayApplyException applyFailure(BackendException e) {
        String prefix = e.step() + ": ";
        String message = e.getMessage() == null ? "" : e.getMessage();
        return new RelayApplyException(e.step(), message.startsWith(prefix) ? message.substring(prefix.length())
                : message, e);
    }

    @FunctionalInterface
    private interface StoreChange {
        ChangeSet apply(SettingsStore.Transaction tx);
    }
}
