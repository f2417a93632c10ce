package io.smarthost.core.service;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.BackendSelector;
import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.MailServerTrust;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.check.CheckReport;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.validation.FieldError;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.services.HostServices;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The smarthost feature's one public API, used by pages, REST resources, CLI commands, the domain
 * lifecycle listener and the repair hook. A façade: each call resolves its domain once
 * ({@link ResolvedScope}) and chooses the backend once ({@link Backends}), then hands both to the
 * part that does the work: {@link RelayReads}, {@link DomainListing}, {@link CheckRecords},
 * {@link RelayCommands}, {@link DriftConfirmation}, {@link DomainLifecycle} and {@link SelfCheck}.
 *
 * <p>The store is the desired state and the mail server follows it ({@link ChangePipeline}): every
 * change commits the settings first, with a new generation and the intent to apply it
 * ({@link ApplyJournal}); then the active {@link MailBackend} applies them; then the generation is
 * recorded as applied. Only then is the caller told "done". If the backend refuses, the settings are
 * put back as they were ({@link UndoLog}) and a {@link RelayApplyException} carries the backend's step
 * and reason; if the process is interrupted (or the store fails) after the commit, the next start or
 * change re-applies everything from the store ({@link Recovery}). Bad input raises
 * {@link RelayValidationException} (field errors in the current user's language) and changes nothing.
 * Secrets are stored only through {@code putSecret} and never returned.
 *
 * <p>Thread-safe: changes, previews, inspections, repairs and the self-check are serialised by the
 * {@link ApplyLock}; changes and the self-check also wait for those of other processes (the panel
 * server and {@code panel bin} share one database).
 */
public final class SmarthostService {
    private final HostServices host;
    private final Backends backends;
    private final RelayReads reads;
    private final DomainListing listing;
    private final CheckRecords checks;
    private final RelayCommands commands;
    private final DriftConfirmation drift;
    private final DomainLifecycle lifecycle;
    private final ChangePipeline pipeline;
    private final SelfCheck selfCheck;
    private final SrsSwitch srs;
    private final SenderRelays senders;

    public SmarthostService(HostServices host, List<MailBackend> backends) {
        this(host, backends, RelayValidator.shared(), Clock.systemUTC());
    }

    /**
     * @param backends  installed backends in preference order (see {@link BackendSelector})
     * @param validator the plugin's validator
     * @param clock     time source for "updated" and check times
     */
    public SmarthostService(HostServices panelHost, List<MailBackend> backends, RelayValidator validator, Clock clock) {
        // the store as every part of the plugin reads it: the domains of a set read as rows (MemberRows)
        HostServices host = MemberRows.wrap(panelHost);
        this.host = host;
        this.backends = new Backends(host, backends);
        ApplyLock lock = new ApplyLock(host.store());
        HealthCache health = new HealthCache(clock, Duration.ofSeconds(30));
        InputChecks inputs = new InputChecks(host, validator);
        this.checks = new CheckRecords(host.store());
        this.reads = new RelayReads(host, checks, inputs, clock);
        this.listing = new DomainListing(host.store(), host.domains(), checks);
        this.pipeline = new ChangePipeline(host, lock, new Recovery(host, health, clock), health, clock);
        this.drift = new DriftConfirmation(host, lock, pipeline, inputs, clock);
        this.commands = new RelayCommands(pipeline, drift, inputs, clock);
        this.lifecycle = new DomainLifecycle(host.store(), this.backends, pipeline);
        this.selfCheck = new SelfCheck(host, lock, health, clock);
        this.srs = new SrsSwitch(host, pipeline);
        this.senders = new SenderRelays(host, pipeline, drift, inputs, clock);
    }

    // ---- reads -------------------------------------------------------------------------------

    /** The server-wide settings and what applies to mail without a domain relay. */
    public RelayView server() {
        return reads.server();
    }

    /** One domain's settings and which level decides where its mail goes. */
    public RelayView domain(String name) {
        return reads.domain(domain(Scope.domain(name)));
    }

    /**
     * Where mail from {@code senderDomain} goes (domain, alias, or empty text for a bounce), with
     * the relay as the backend receives it. For the connection check and diagnostics; the relay
     * holds the secret, so never print it beyond its {@code toString()}.
     */
    public EffectiveRelay effectiveFor(String senderDomain) {
        return reads.effectiveFor(senderDomain);
    }

    /**
     * The enabled relay of one sender address ({@code alice@example.com}) with its secret, as the backend receives it;
     * empty when the address has none (its mail follows its domain). For masking its password out of delivery
     * replies; never print it beyond its {@code toString()}.
     *
     * @since 1.3
     */
    public Optional<Relay> senderRelay(String address) {
        return reads.senderRelay(address);
    }

    /** Domains with relay settings, by name; {@code filter} matches part of the name (Unicode or ASCII). */
    public PageResult<DomainRelayRow> list(String filter, int offset, int limit) {
        return listing.byName(filter, offset, limit);
    }

    /**
     * Domains with relay settings in the order asked for, one page of them, with the number that
     * match {@code filter} in all (see {@link DomainListing#sorted}).
     *
     * @param filter     part of the name (Unicode or ASCII); empty for all
     * @param order      the column
     * @param descending whether to reverse the column's order (rows without a value stay last)
     * @param offset     index of the first row, from 0
     * @param limit      page size, at least 1
     */
    public PageResult<DomainRelayRow> list(String filter, ListOrder order, boolean descending, int offset,
                                           int limit) {
        return listing.sorted(filter, order, descending, offset, limit);
    }

    /**
     * Many domains' own saved settings (no secrets; empty for a domain without), read together: for a change of
     * many domains that keeps what it does not name. By domain name (ASCII), in the order given, each once;
     * unknown names and aliases are refused as {@link #bulkUpdate} refuses them.
     *
     * @since 1.3
     */
    public java.util.Map<String, Optional<RelaySettings>> savedSettings(Collection<String> names) {
        return reads.settingsOf(domains(names).stream().map(ResolvedScope::scope).toList());
    }

    /** How many domains have relay settings. */
    public long domainCount() {
        return listing.count();
    }

    /**
     * {@link #domainCount()} that stops counting at {@code limit} (a page shows "more than" beyond).
     *
     * @since 1.2
     */
    public long domainCount(long limit) {
        return listing.count(limit);
    }

    /**
     * Whether a page's total from {@link #list} is exact: a list by name counts the matching domains up
     * to 10,000 past the page and answers "at least" beyond.
     *
     * @since 1.2
     */
    public static boolean totalIsExact(PageResult<?> page) {
        return page.total() < (long) page.offset() + Math.max(1, page.limit()) + DomainListing.COUNTED_BEYOND_PAGE;
    }

    /**
     * {@link #totalIsExact(PageResult)} for a page of {@link #list(String, ListOrder, boolean, int, int)}: the other
     * orders and the descending one count every matching domain, so their total is exact whatever its size.
     *
     * @since 1.4
     */
    public static boolean totalIsExact(PageResult<?> page, ListOrder order, boolean descending) {
        return order != ListOrder.DOMAIN || descending || totalIsExact(page);
    }

    /** What the active backend can honour; {@link Capabilities#none()} without one. */
    public Capabilities capabilities() {
        return backends.select().backend().map(MailBackend::capabilities).orElse(Capabilities.none());
    }

    /** The active backend's display name; empty when none was found ({@link #backendProblem()} says why). */
    public Optional<String> backendName() {
        return backends.select().backend().map(MailBackend::displayName);
    }

    public Optional<String> backendProblem() {
        return backends.select().problem();
    }

    /** Checks input without saving it (the form's live check); same rules as the updates. */
    public List<FieldError> validate(Scope scope, RelayInput input) {
        return reads.validate(domain(scope).scope(), input, backends.select());
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
        return reads.relayFor(domain(scope).scope(), input, backends.select());
    }

    /**
     * How the active mail server decides to trust a relay's certificate, for the connection check
     * ({@code CheckRequest.forMailServer}); unknown (empty name) when there is no backend.
     *
     * @since 1.1
     */
    public MailServerTrust mailServerTrust() {
        return backends.select().backend().map(MailBackend::certificateTrust).orElse(MailServerTrust.unknown(""));
    }

    /** The last check of the relay saved for {@code scope}; empty when none concerns it (see {@link #recordCheck}). */
    public Optional<CheckRecord> lastCheck(Scope scope) {
        return checks.last(domain(scope).scope());
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
        return checks.record(domain(scope).scope(), checked, report, time);
    }

    // ---- changes -----------------------------------------------------------------------------
    // A change that asks for what is stored already (the same settings, a removal of what is not there) writes
    // nothing, applies nothing unless the mail server has to be brought back in line with the store, logs nothing,
    // and says so: UpdateResult.settingsChanged() false (since 1.4).

    public UpdateResult updateServer(RelayInput input, Confirm confirm) {
        return commands.update(List.of(ResolvedScope.SERVER), input, confirm, "smarthost.server.updated",
                backends.select());
    }

    public UpdateResult updateDomain(String name, RelayInput input) {
        return updateDomain(name, input, Confirm.NONE);
    }

    public UpdateResult updateDomain(String name, RelayInput input, Confirm confirm) {
        ResolvedScope target = domain(Scope.domain(name));
        return commands.update(List.of(target), input, confirm, "smarthost.domain.updated", backends.select());
    }

    /** Sets the same relay for many domains: one transaction, one backend apply. */
    public UpdateResult bulkUpdate(Collection<String> names, RelayInput input, Confirm confirm) {
        return bulkUpdate(names, input, confirm, Progress.NONE);
    }

    /**
     * As {@link #bulkUpdate(Collection, RelayInput, Confirm)}, telling {@code progress} how far it is.
     *
     * @since 1.2
     */
    public UpdateResult bulkUpdate(Collection<String> names, RelayInput input, Confirm confirm, Progress progress) {
        List<ResolvedScope> targets = domains(names);
        return commands.update(targets, input, confirm, "smarthost.domain.updated", backends.select(), progress);
    }

    /** Turns the server-wide relay off, keeping its settings for later. */
    public UpdateResult disableServer() {
        return disableServer(Confirm.NONE);
    }

    /** As {@link #disableServer()}; like an update, it asks before writing over settings changed by hand. */
    public UpdateResult disableServer(Confirm confirm) {
        return commands.disable(List.of(ResolvedScope.SERVER), confirm, "smarthost.server.disabled", backends.select());
    }

    public UpdateResult disableDomain(String name) {
        return disableDomain(name, Confirm.NONE);
    }

    public UpdateResult disableDomain(String name, Confirm confirm) {
        // one domain, not a list of one: a refusal names no place in a list
        return commands.disable(List.of(domain(Scope.domain(name))), confirm, "smarthost.domain.disabled",
                backends.select(), Progress.NONE);
    }

    /** Turns the relay of many domains off: one transaction, one backend apply. */
    public UpdateResult bulkDisable(Collection<String> names) {
        return bulkDisable(names, Confirm.NONE);
    }

    /** As {@link #bulkDisable(Collection)}; asks before writing over settings changed by hand. */
    public UpdateResult bulkDisable(Collection<String> names, Confirm confirm) {
        return bulkDisable(names, confirm, Progress.NONE);
    }

    /**
     * As {@link #bulkDisable(Collection, Confirm)}, telling {@code progress} how far it is.
     *
     * @since 1.4
     */
    public UpdateResult bulkDisable(Collection<String> names, Confirm confirm, Progress progress) {
        List<ResolvedScope> targets = domains(names);
        return commands.disable(targets, confirm, "smarthost.domain.disabled", backends.select(), progress);
    }

    /** Deletes the server-wide settings and secret; without settings, nothing ({@code settingsChanged} false). */
    public UpdateResult removeServer() {
        return removeServer(Confirm.NONE);
    }

    /**
     * As {@link #removeServer()}; like an update, it asks before writing over settings changed by hand.
     *
     * @since 1.4
     */
    public UpdateResult removeServer(Confirm confirm) {
        return commands.remove(ResolvedScope.SERVER, confirm, "smarthost.server.removed", backends.select());
    }

    /**
     * Deletes a domain's settings, secret and last check; its mail then follows the server level. A domain without
     * settings of its own is answered {@link UpdateResult#settingsChanged()} false: nothing written, applied or logged.
     */
    public UpdateResult removeDomain(String name) {
        return removeDomain(name, Confirm.NONE);
    }

    /**
     * As {@link #removeDomain(String)}; like an update, it asks before writing over settings changed by hand.
     *
     * @since 1.4
     */
    public UpdateResult removeDomain(String name, Confirm confirm) {
        ResolvedScope target = domain(Scope.domain(name));
        return commands.remove(target, confirm, "smarthost.domain.removed", backends.select());
    }

    /** Renders and applies the full desired state from the store ({@link ChangeSet#recovery()}). */
    public UpdateResult repair() {
        return repair(Progress.NONE);
    }

    /**
     * As {@link #repair()}, telling {@code progress} when the apply starts and ends.
     *
     * @since 1.2
     */
    public UpdateResult repair(Progress progress) {
        return commands.repair(backends.select(), progress);
    }

    /** What the mail server has now; settings written by hand show as not managed. */
    public Inspection inspect() {
        return drift.inspect(backends.select());
    }

    /**
     * The relay the mail server uses for mail no panel relay covers, when it was set by hand (the admin's own
     * {@code relayhost}, kept or given back when the panel's server-wide relay went off): empty while the panel's
     * server-wide relay is on, when there is none, or when the mail server cannot be read. Without it the panel said
     * "directly to the recipients' mail servers" while Postfix relayed everything there (a hostile tester).
     *
     * @since 1.4
     */
    public Optional<io.smarthost.core.backend.DetectedRelay> relaySetByHand() {
        if (server().effectiveLevel() != io.smarthost.core.backend.RelayLevel.DIRECT) {
            return Optional.empty();
        }
        return drift.relaySetByHand(backends.select());
    }

    /**
     * The self-check: whether an earlier change was interrupted, and every place where the mail server's
     * files disagree with the store (the backend compares configuration, tables and their indexes).
     * Runs under the apply lock, so it never sees a change half-way; changes nothing.
     */
    public HealthReport verify() {
        return selfCheck.verifyAndKeep(backends.select());
    }

    /**
     * The last self-check, run again when older than 30 seconds or after a change. While a change is
     * being applied in this process, the previous report is returned rather than waiting for it.
     */
    public HealthReport health() {
        return selfCheck.health(backends::select);
    }

    /**
     * What saving {@code input} for {@code scope} would write, side by side with what is there.
     * Nothing is kept: the proposed settings are written in a transaction that is always rolled back.
     */
    public Preview preview(Scope scope, RelayInput input) {
        return drift.preview(domain(scope), input, backends.select());
    }

    /**
     * Re-applies everything when an earlier change was interrupted (the first step of every change, on
     * its own): the plugin's start listener calls it when the panel starts. Empty when nothing was
     * behind (or no backend is installed).
     */
    public Optional<ApplyReport> convergeNow() {
        return pipeline.convergeNow(backends.select());
    }

    /**
     * Readies what the first change would otherwise pay for (the validator, the backend's indexes): for
     * the panel's start, on its background thread. Changes nothing.
     *
     * @return over how many domains a bulk change was readied ({@link #BULK_WARM_UP_FROM}); 0 when it was not
     * @since 1.2 (the count since 1.4)
     */
    public int warmUp() {
        return warmUp(true);
    }

    /**
     * As {@link #warmUp()}; {@code bulk} false leaves the bulk path out (the domain level hidden: no bulk change
     * can come, and readying it would keep the panel's names in memory for nothing).
     *
     * @since 1.4
     */
    public int warmUp(boolean bulk) {
        validate(Scope.SERVER, RelayInput.builder().enabled(true).host("smtp.example.com").port("587")
                .encryption("starttls").authentication(false).build());
        backends.select().backend().ifPresent(MailBackend::warmUp);
        UndoSpill.sweepLeftovers(); // a large change's undo files that a killed panel left (they went at the next one)
        return bulk ? warmUpBulk() : 0;
    }

    /** From this many domains, {@link #warmUp} also readies a bulk change over all of them. */
    static final int BULK_WARM_UP_FROM = 5_000;

    /**
     * The reads and sums a bulk change over every domain makes before it writes, made once and thrown away: the
     * names looked up, the rows the store step reads, the digest of the domains. Right after a start the JIT has
     * compiled none of them, and on two cores compiling them while the first bulk change runs took as much CPU
     * as the change itself. Changes nothing; skipped below {@link #BULK_WARM_UP_FROM} domains. Also while no
     * domain has settings (since 1.4: the first bulk change ever, 100,000 domains, median 1,655 ms against
     * 2,261 ms without): then no walk at the start reads the panel's names, and this one keeps them, about 17 MB
     * more at rest (RSS idle after the start 143-145 MB against 126-128 MB).
     */
    private int warmUpBulk() {
        if (pipeline.domainCount() < BULK_WARM_UP_FROM) {
            return 0;
        }
        List<String> names = new java.util.ArrayList<>();
        host.domains().names("", names::add);
        // the panel's own checks are looser than the plugin's (example.123): such a name would refuse the whole
        // look-up; the names the checks' one pass takes as they are serve the warm-up
        names.removeIf(n -> !io.smarthost.core.relay.HostSyntax.isPlainName(n));
        List<Scope> scopes = DomainNames.resolveAll(host.domains(), names).stream().map(ResolvedScope::scope)
                .filter(s -> !s.isServer()).distinct().toList();
        names = null;
        host.store().inTransaction(tx -> {
            SharedRelays.namedByExactly(tx, scopes);
            SharedRelays.membersDigest("warm-up", scopes);
            PreviousRows.read(tx, scopes, pipeline.domainCount());
            return null;
        });
        return scopes.size();
    }

    // ---- SRS (forwarded mail keeps passing SPF through the relay) ------------------------------

    /**
     * Whether the server-wide SRS switch is on (stored; the mail server writes it while a relay is on).
     *
     * @since 1.3
     */
    public boolean srs() {
        return srs.on();
    }

    /**
     * Turns SRS on or off for the whole server, through the same pipeline as a relay change: recorded,
     * applied, and taken back when the mail server refuses (e.g. its SRS daemon does not answer).
     *
     * @throws RelayValidationException field {@code srs} when the active backend cannot do SRS
     * @since 1.3
     */
    public UpdateResult updateSrs(boolean on) {
        return srs.set(on, backends.select());
    }

    // ---- per-sender relays (since 1.3) --------------------------------------------------------

    /**
     * The addresses of {@code domain} with a relay of their own, in address order (never a secret).
     *
     * @throws UnknownDomainException when {@code domain} is not one of the panel's domains (or is an alias)
     * @since 1.3
     */
    public List<SenderRelayRow> senders(String domain) {
        return senders.list(domain(Scope.domain(domain)));
    }

    /**
     * The stored relay of one address of {@code domain}; empty when it has none.
     *
     * @throws RelayValidationException (field {@code address}) when the address is malformed or not of {@code domain}
     * @since 1.3
     */
    public Optional<SenderRelayRow> sender(String domain, String address) {
        return senders.get(domain(Scope.domain(domain)), address);
    }

    /**
     * The addresses ({@code local@domain}, lower case) of one domain ({@code domain}: its own ASCII name, not an
     * alias) whose relay of their own is enabled: their mail goes there, not through the domain's relay (what the
     * delivery figures count by). Reads one key range; no check that the domain exists.
     *
     * @since 1.3
     */
    public java.util.Set<String> sendersWithOwnRelay(String domain) {
        return senders.enabled(domain);
    }

    /** The domains (ASCII) that have at least one address with a relay of its own, in name order. @since 1.3 */
    public List<String> domainsWithSenders() {
        return senders.domains();
    }

    /** How many sender addresses have relay settings, over all domains. @since 1.3 */
    public long senderCount() {
        return senders.count();
    }

    /** How many addresses of one domain may have a relay of their own (panel.ini). @since 1.3 */
    public int senderLimit() {
        return senders.limit();
    }

    /**
     * Saves the relay of one sender address of {@code domain} (which must be the address's own domain, not
     * an alias) and applies it: mail from that address then goes there before its domain's relay. Same
     * rules as a domain update (validation, secrets, the take-over confirmation), and refused when the
     * backend cannot route by sender address or the domain has {@link #senderLimit()} addresses already.
     *
     * @since 1.3
     */
    public UpdateResult updateSender(String domain, String address, RelayInput input, Confirm confirm) {
        return senders.update(domain(Scope.domain(domain)), address, input, confirm, backends.select());
    }

    /**
     * Deletes the relay of one sender address; its mail then follows its domain. An address without a relay of its
     * own is answered {@link UpdateResult#settingsChanged()} false (since 1.4; it was an {@link UnknownDomainException}).
     *
     * @since 1.3
     */
    public UpdateResult removeSender(String domain, String address) {
        return removeSender(domain, address, Confirm.NONE);
    }

    /**
     * As {@link #removeSender(String, String)}; like an update, it asks before writing over settings changed by hand.
     *
     * @since 1.4
     */
    public UpdateResult removeSender(String domain, String address, Confirm confirm) {
        return senders.remove(domain(Scope.domain(domain)), address, confirm, backends.select());
    }

    /**
     * Which relay applies to mail from {@code address} (any address): its own, the one of the address without its
     * extension (when the mail server strips extensions: {@link #addressExtensions()}), its domain's, its alias's
     * domain's, the server's, or none.
     *
     * @throws RelayValidationException (field {@code address}) when the address is malformed
     * @since 1.3
     */
    public SenderLookup whichRelay(String address) {
        return senders.lookup(address, addressExtensions());
    }

    /**
     * How the selected mail server strips address extensions before its sender look-ups ({@code alice+news@...}
     * takes {@code alice@...}'s relay when Postfix's {@code recipient_delimiter} is {@code +});
     * {@link AddressExtensions#NONE} without a backend.
     *
     * @since 1.3
     */
    public io.smarthost.core.backend.AddressExtensions addressExtensions() {
        return backends.select().backend().map(MailBackend::addressExtensions)
                .orElse(io.smarthost.core.backend.AddressExtensions.NONE);
    }

    // ---- domain life cycle (called by SmarthostDomainListener after the host committed) -------

    public void domainCreated(Domain domain) {
        lifecycle.created(domain);
        srs.domainsChanged(backends.select()); // SRS leaves the panel's domains alone: the new one too
    }

    /** Many new domains: their stale settings, if any, read together (one query per 500 domains). */
    public void domainsCreated(List<Domain> domains) {
        lifecycle.createdAll(domains);
        srs.domainsChanged(backends.select());
    }

    public void domainDeleted(Domain domain) {
        lifecycle.deleted(domain);
        srs.domainsChanged(backends.select());
    }

    public void domainRenamed(Domain before, Domain after) {
        lifecycle.renamed(before, after);
        srs.domainsChanged(backends.select());
    }

    public void aliasAdded(Domain domain, String alias) {
        lifecycle.aliasChanged(domain, alias, "smarthost.alias.added");
        srs.domainsChanged(backends.select());
    }

    public void aliasRemoved(Domain domain, String alias) {
        lifecycle.aliasChanged(domain, alias, "smarthost.alias.removed");
        srs.domainsChanged(backends.select());
    }

    // ---- resolution, once per call -------------------------------------------------------------

    /** {@code scope} with its domain looked up: unknown names and aliases are refused. */
    private ResolvedScope domain(Scope scope) {
        return DomainNames.resolve(host.domains(), scope);
    }

    private List<ResolvedScope> domains(Collection<String> names) {
        if (names.size() != 1) {
            return DomainNames.resolveAll(host.domains(), names);
        }
        try {
            return List.of(domain(Scope.domain(names.iterator().next())));
        } catch (UnknownDomainException e) {
            throw e.at(0); // a list of one: its first name
        }
    }
}
