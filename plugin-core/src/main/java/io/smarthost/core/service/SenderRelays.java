package io.smarthost.core.service;

import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.ini.SenderIniKeys;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.relay.SenderAddress;
import io.smarthost.core.validation.FieldError;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.ResolvedInput;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Relays of single sender addresses ({@code alice@example.com}), beside their domain's: read, update,
 * remove, and which relay applies to an address. Changes run through the same {@link ChangePipeline} as
 * the domains' (store first, apply, record; undone when the mail server refuses; re-applied after an
 * interruption), and their rows are part of the desired state every full apply and repair renders.
 *
 * <p>Who may: the caller resolved the domain (the host let only its owner or an admin reach it); an
 * address is accepted only under that very domain, so an owner can never name another domain's address.
 */
final class SenderRelays {
    private final HostServices host;
    private final ChangePipeline pipeline;
    private final DriftConfirmation drift;
    private final InputChecks inputs;
    private final Clock clock;

    SenderRelays(HostServices host, ChangePipeline pipeline, DriftConfirmation drift, InputChecks inputs,
                 Clock clock) {
        this.host = host;
        this.pipeline = pipeline;
        this.drift = drift;
        this.inputs = inputs;
        this.clock = clock;
    }

    /** The addresses of {@code domain} with relay settings, in address order. */
    List<SenderRelayRow> list(ResolvedScope domain) {
        List<SenderRelayRow> rows = new ArrayList<>();
        host.store().forEach(SenderKeys.domainPrefix(domain.scope().domain().get()),
                (key, json) -> rows.add(new SenderRelayRow(SenderKeys.addressOf(key), RelayCodec.read(json))));
        return rows;
    }

    /**
     * The addresses ({@code local@domain}) of {@code domain} (ASCII, the domain's own name) whose relay is enabled:
     * the ones whose mail goes through a relay of their own (one key range, no domain lookup).
     */
    java.util.Set<String> enabled(String domain) {
        java.util.Set<String> out = new java.util.HashSet<>();
        host.store().forEach(SenderKeys.domainPrefix(domain), (key, json) -> {
            if (RelayCodec.read(json).active()) {
                out.add(SenderKeys.addressOf(key).address());
            }
        });
        return out;
    }

    /** The domains with sender rows, in name order (one pass over the sender rows, which are few). */
    List<String> domains() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        host.store().forEach(SenderKeys.PREFIX, (key, json) -> out.add(SenderKeys.addressOf(key).domain()));
        return List.copyOf(out);
    }

    long count() {
        return host.store().count(SenderKeys.PREFIX);
    }

    /** The stored settings of one address of {@code domain}. */
    Optional<SenderRelayRow> get(ResolvedScope domain, String typed) {
        SenderAddress a = address(domain, typed);
        return host.store().get(SenderKeys.settings(a)).map(json -> new SenderRelayRow(a, RelayCodec.read(json)));
    }

    /** How many addresses of one domain may have a relay ({@code [mail] smarthost.sender.max_per_domain}). */
    int limit() {
        return host.ini().getInt(SenderIniKeys.MAX_PER_DOMAIN);
    }

    UpdateResult update(ResolvedScope domain, String typed, RelayInput input, Confirm confirm, BackendSelection sel) {
        SenderAddress a = address(domain, typed);
        requireSupported(a, sel);
        Scope scope = domain.scope();
        requireTakeOverConfirmed(confirm, a, scope, input, sel);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("sender", a.address());
        return pipeline.change(sel, "smarthost.sender.updated", List.of(a.address()), details, tx -> {
            Optional<RelaySettings> stored = tx.get(SenderKeys.settings(a)).map(RelayCodec::read);
            if (stored.isEmpty() && tx.count(SenderKeys.domainPrefix(a.domain())) >= limit()) {
                throw refused(a, "smarthost.sender.limit", Map.of("max", Integer.toString(limit()), "domain", a.domain()));
            }
            ResolvedInput r = validated(a, scope, input, stored, sel);
            details.put("enabled", Boolean.toString(r.enabled()));
            details.put("relay", r.address().map(x -> x.canonical()).orElse(""));
            details.put("authentication", Boolean.toString(r.authentication()));
            details.put("username", r.username());
            details.put("credentials", !r.authentication() ? "none" : r.password().isPresent() ? "changed" : "kept");
            ChangeSet changes = ChangeSet.domains(Set.of(a.address()));
            if (SettingsWrites.unchanged(stored, withoutBackup(r))) {
                // the stored settings already: not written again; the mail server's entries compared, written where they differ
                return pipeline.sameSettings(sel, changes);
            }
            write(tx, a, r, clock.instant());
            return changes;
        });
    }

    /** {@code r} as an address's relay stores it: an address has no backup relay of its own (see {@link #write}). */
    private static ResolvedInput withoutBackup(ResolvedInput r) {
        return new ResolvedInput(r.enabled(), r.address(), r.encryption(), r.verifyCertificate(), r.authentication(),
                r.username(), r.password(), r.provider(), Optional.empty());
    }

    /**
     * Deletes an address's settings and secret; its mail then follows its domain. An address without a relay of its
     * own is answered {@link UpdateResult#settingsChanged()} false: nothing written, applied or logged. Asks before
     * writing over hand edits, as an update does.
     */
    UpdateResult remove(ResolvedScope domain, String typed, Confirm confirm, BackendSelection sel) {
        SenderAddress a = address(domain, typed);
        if (host.store().get(SenderKeys.settings(a)).isPresent()) {
            drift.requireConfirmed(confirm, sel, (tx, state) -> {
                delete(tx, a);
                return ChangeSet.domains(Set.of(a.address()));
            });
        }
        return pipeline.change(sel, "smarthost.sender.removed", List.of(a.address()), Map.of("sender", a.address()),
                tx -> {
                    if (tx.get(SenderKeys.settings(a)).isEmpty()) {
                        return ChangePipeline.NOTHING;
                    }
                    delete(tx, a);
                    return ChangeSet.domains(Set.of(a.address()));
                });
    }

    private static void delete(SettingsStore.Transaction tx, SenderAddress a) {
        tx.delete(SenderKeys.settings(a));
        tx.delete(SenderKeys.secret(a));
    }

    /**
     * Which relay applies to mail from {@code typed}: any address, whether or not its domain is the
     * panel's (an unknown domain follows the server). An address without a relay of its own whose form without its
     * extension has one ({@code alice+news@} and {@code alice@}, as {@code extensions} says) takes that one, decided
     * by that address.
     */
    SenderLookup lookup(String typed, io.smarthost.core.backend.AddressExtensions extensions) {
        SenderAddress a = parse(typed);
        SettingsStore store = host.store();
        Optional<Domain> d = host.domains().find(a.domain());
        if (d.isPresent() && d.get().name().equals(a.domain())) {
            // as Postfix: alice+news@example.com, then alice@example.com (recipient_delimiter), then @example.com
            List<SenderAddress> forms = new ArrayList<>(List.of(a));
            extensions.base(a.address()).flatMap(SenderRelays::parsed).ifPresent(forms::add);
            for (SenderAddress form : forms) {
                Optional<RelaySettings> own = store.get(SenderKeys.settings(form)).map(RelayCodec::read)
                        .filter(RelaySettings::active);
                if (own.isPresent()) {
                    return new SenderLookup(a, SenderLookup.Source.ADDRESS, form.address(), own);
                }
            }
        }
        if (d.isPresent()) {
            String owner = d.get().name();
            Optional<RelaySettings> domainRelay = SharedRelays.settings(store::get, Scope.domain(owner))
                    .filter(RelaySettings::active);
            if (domainRelay.isPresent()) {
                return new SenderLookup(a, owner.equals(a.domain()) ? SenderLookup.Source.DOMAIN
                        : SenderLookup.Source.ALIAS_DOMAIN, owner, domainRelay);
            }
        }
        Optional<RelaySettings> server = store.get(StoreKeys.settings(Scope.SERVER)).map(RelayCodec::read)
                .filter(RelaySettings::active);
        return server.map(s -> new SenderLookup(a, SenderLookup.Source.SERVER, "", Optional.of(s)))
                .orElseGet(() -> new SenderLookup(a, SenderLookup.Source.DIRECT, "", Optional.empty()));
    }

    /** An address the panel could hold a relay for ({@code alice.@...}, left of an extension, could not). */
    private static Optional<SenderAddress> parsed(String address) {
        try {
            return Optional.of(SenderAddress.parse(address));
        } catch (SenderAddress.InvalidException e) {
            return Optional.empty();
        }
    }

    /** Deletes the sender rows of a domain (its deletion); the change concerns those addresses. */
    static Set<String> deleteDomain(SettingsStore.Transaction tx, String domain) {
        Set<String> addresses = new java.util.LinkedHashSet<>();
        tx.forEach(SenderKeys.domainPrefix(domain), (key, json) -> addresses.add(SenderKeys.addressOf(key).address()));
        for (String address : addresses) {
            SenderAddress a = SenderAddress.parse(address);
            tx.delete(SenderKeys.settings(a));
            tx.delete(SenderKeys.secret(a));
        }
        return addresses;
    }

    /** Moves the sender rows of a renamed domain to its new name; the change concerns old and new addresses. */
    static Set<String> moveDomain(SettingsStore.Transaction tx, String from, String to) {
        Map<SenderAddress, String> rows = new LinkedHashMap<>();
        tx.forEach(SenderKeys.domainPrefix(from), (key, json) -> rows.put(SenderKeys.addressOf(key), json));
        Set<String> changed = new java.util.LinkedHashSet<>();
        for (Map.Entry<SenderAddress, String> row : rows.entrySet()) {
            SenderAddress old = row.getKey();
            SenderAddress moved = new SenderAddress(old.localPart(), to);
            Optional<io.smarthost.panel.api.Secret> secret = tx.getSecret(SenderKeys.secret(old));
            tx.delete(SenderKeys.settings(old));
            tx.delete(SenderKeys.secret(old));
            tx.put(SenderKeys.settings(moved), row.getValue());
            secret.ifPresent(s -> tx.putSecret(SenderKeys.secret(moved), s));
            changed.add(old.address());
            changed.add(moved.address());
        }
        return changed;
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** {@code typed} parsed and required to be an address of {@code domain} itself. */
    private SenderAddress address(ResolvedScope domain, String typed) {
        SenderAddress a = parse(typed);
        String name = domain.scope().domain().orElseThrow();
        if (!a.domain().equals(name)) {
            Optional<Domain> other = host.domains().find(a.domain());
            if (other.isPresent() && other.get().name().equals(name)) {
                throw refused(a, "smarthost.sender.aliasDomain", Map.of("domain", a.domain(), "owner", name));
            }
            throw refused(a, "smarthost.sender.otherDomain", Map.of("domain", name));
        }
        return a;
    }

    private SenderAddress parse(String typed) {
        try {
            return SenderAddress.parse(typed);
        } catch (SenderAddress.InvalidException e) {
            throw new RelayValidationException(List.of(new FieldError("address",
                    SenderTexts.text(locale(), e.problem().messageKey(), Map.of()))));
        }
    }

    private void requireSupported(SenderAddress a, BackendSelection sel) {
        Optional<MailBackend> backend = sel.backend();
        if (backend.isPresent() && !backend.get().capabilities().senderRelay()) {
            throw refused(a, "smarthost.sender.unsupported", Map.of("backend", backend.get().displayName()));
        }
    }

    private ResolvedInput validated(SenderAddress a, Scope scope, RelayInput input, Optional<RelaySettings> stored,
                                    BackendSelection sel) {
        List<FieldError> errors = inputs.errors(scope, input, stored, sel);
        if (!errors.isEmpty()) {
            throw new RelayValidationException(errors.stream()
                    .map(e -> new FieldError(e.field(), a.address() + ": " + e.message())).toList());
        }
        return ResolvedInput.of(input);
    }

    /** Like a domain update: asks before writing over settings changed by hand (see {@link DriftConfirmation}). */
    private void requireTakeOverConfirmed(Confirm confirm, SenderAddress a, Scope scope, RelayInput input,
                                          BackendSelection sel) {
        drift.requireConfirmed(confirm, sel, (tx, state) -> {
            write(tx, a, validated(a, scope, input, tx.get(SenderKeys.settings(a)).map(RelayCodec::read), sel),
                    clock.instant());
            return ChangeSet.domains(Set.of(a.address()));
        });
    }

    /** Saves validated input; a blank password keeps the stored secret, authentication off deletes it. */
    private static void write(SettingsStore.Transaction tx, SenderAddress a, ResolvedInput r, Instant now) {
        boolean secretSet = SettingsWrites.writeSecret(tx, SenderKeys.secret(a), r);
        tx.put(SenderKeys.settings(a), RelayCodec.write(new RelaySettings(r.enabled(), r.address(), r.encryption(),
                r.verifyCertificate(), r.authentication(), r.username(), secretSet, r.provider(), now)));
    }

    private RelayValidationException refused(SenderAddress a, String key, Map<String, String> params) {
        return new RelayValidationException(List.of(new FieldError("address", SenderTexts.text(locale(), key, params))));
    }

    private Locale locale() {
        return host.currentRequest().map(c -> c.user().locale()).orElse(Locale.ENGLISH);
    }
}
