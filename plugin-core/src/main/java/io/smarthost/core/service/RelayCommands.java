package io.smarthost.core.service;

import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.ResolvedBackup;
import io.smarthost.core.validation.ResolvedInput;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admin's and domain owners' changes: update, disable, remove and repair, for one scope or many
 * (one transaction, one backend apply). Each runs through the {@link ChangePipeline}; updates and
 * disables first ask {@link DriftConfirmation}. Scopes arrive resolved and the backend chosen.
 */
final class RelayCommands {
    private final ChangePipeline pipeline;
    private final DriftConfirmation drift;
    private final InputChecks inputs;
    private final Clock clock;

    RelayCommands(ChangePipeline pipeline, DriftConfirmation drift, InputChecks inputs, Clock clock) {
        this.pipeline = pipeline;
        this.drift = drift;
        this.inputs = inputs;
        this.clock = clock;
    }

    /** Saves {@code input} for every one of {@code targets} and applies them together. */
    UpdateResult update(List<ResolvedScope> targets, RelayInput input, Confirm confirm, String action,
                        BackendSelection sel) {
        return update(targets, input, confirm, action, sel, Progress.NONE);
    }

    /** As above, telling {@code progress} how far the store writes and the apply are. */
    UpdateResult update(List<ResolvedScope> targets, RelayInput input, Confirm confirm, String action,
                        BackendSelection sel, Progress progress) {
        drift.requireTakeOverConfirmed(confirm, targets, input, sel);
        Map<String, String> details = new LinkedHashMap<>();
        return pipeline.change(sel, action, names(targets), details, progress, tx -> {
            if (targets.size() == 1) {
                return one(tx, targets.get(0), input, sel, details);
            }
            Instant now = clock.instant();
            boolean server = false;
            // sized for every target at once (100,000 domains: no rehash of a growing set)
            Set<String> senders = new java.util.HashSet<>(targets.size() * 4 / 3 + 16);
            // Validation depends on a scope's stored settings only when the input relies on a stored
            // secret (blank password with authentication on); otherwise one validation serves all scopes.
            boolean perScope = input.authentication() && !input.hasPassword();
            if (!perScope && targets.size() > 1) {
                ResolvedInput r = inputs.validated(targets.get(0).scope(), input, stored(tx, targets.get(0).scope()), sel);
                SettingsWrites.writeAll(tx, scopes(targets), r, now, pipeline.domainCount(), progress);
                describe(details, r);
                for (ResolvedScope target : targets) {
                    server |= target.scope().isServer();
                    target.addSendersTo(senders);
                }
                if (input.enabled()) {
                    tx.put(StoreKeys.TAKEOVER, now.toString());
                }
                return new ChangeSet(false, server, ChangeSet.handedOver(senders));
            }
            List<ResolvedScope> alone = targets;
            if (perScope && targets.size() > 1) {
                alone = writeByRecord(tx, targets, input, sel, now, details, senders, progress);
            }
            ResolvedInput shared = null;
            for (ResolvedScope target : alone) {
                Scope scope = target.scope();
                ResolvedInput r = perScope || shared == null
                        ? inputs.validated(scope, input, stored(tx, scope), sel) : shared;
                shared = r;
                SettingsWrites.write(tx, scope, r, now);
                describe(details, r);
                server |= scope.isServer();
                target.addSendersTo(senders);
            }
            if (input.enabled()) {
                tx.put(StoreKeys.TAKEOVER, now.toString());
            }
            return new ChangeSet(false, server, ChangeSet.handedOver(senders));
        });
    }

    /**
     * An update of one scope (the server, a domain). Settings equal to the stored ones are not written again: the
     * change then writes no settings, and its scope is compared on the mail server's side and written only where
     * it differs ({@link ChangePipeline#sameSettings}).
     */
    private ChangeSet one(UndoLog tx, ResolvedScope target, RelayInput input, BackendSelection sel,
                          Map<String, String> details) {
        Scope scope = target.scope();
        Optional<RelaySettings> before = stored(tx, scope);
        ResolvedInput r = inputs.validated(scope, input, before, sel);
        describe(details, r);
        Set<String> senders = new LinkedHashSet<>();
        target.addSendersTo(senders);
        ChangeSet changes = new ChangeSet(false, scope.isServer(), ChangeSet.handedOver(senders));
        if (SettingsWrites.unchanged(before, r)) {
            return pipeline.sameSettings(sel, changes);
        }
        Instant now = clock.instant();
        SettingsWrites.write(tx, scope, r, now);
        if (input.enabled()) {
            tx.put(StoreKeys.TAKEOVER, now.toString());
        }
        return changes;
    }

    /**
     * A change that keeps each domain's stored password, for the domains that name a shared record: they share
     * its settings and its password, so the input is validated once per record (the password kept only for the
     * relay and login it was saved for, as for one domain) and they are written together with the record's
     * password, as a bulk change writes them ({@link SettingsWrites#writeAll}: the record rewritten in place when
     * they are all its domains). It wrote each domain on its own, copying the record's password to every one of
     * them: 100,000 domains took minutes and left 100,000 rows and secrets. The targets left to write one by one
     * (the server, domains with settings of their own or none, a backup with its own login) are returned; the
     * others' sender domains are added to {@code senders}.
     */
    private List<ResolvedScope> writeByRecord(UndoLog tx, List<ResolvedScope> targets, RelayInput input,
                                              BackendSelection sel, Instant now, Map<String, String> details,
                                              Set<String> senders, Progress progress) {
        Map<String, List<ResolvedScope>> byRecord = new LinkedHashMap<>();
        List<ResolvedScope> alone = new ArrayList<>();
        for (int from = 0; from < targets.size(); from += 1000) {
            List<ResolvedScope> chunk = targets.subList(from, Math.min(targets.size(), from + 1000));
            Map<String, String> rows = tx.getAll(chunk.stream().filter(t -> !t.scope().isServer())
                    .map(t -> StoreKeys.settings(t.scope())).toList());
            for (ResolvedScope target : chunk) {
                String row = target.scope().isServer() ? null : rows.get(StoreKeys.settings(target.scope()));
                if (row != null && SharedRelays.isShared(row)) {
                    byRecord.computeIfAbsent(row, r -> new ArrayList<>()).add(target);
                } else {
                    alone.add(target);
                }
            }
        }
        for (List<ResolvedScope> group : byRecord.values()) {
            Scope first = group.get(0).scope();
            ResolvedInput r = inputs.validated(first, input, stored(tx, first), sel);
            if (r.backup().filter(ResolvedBackup::ownLogin).isPresent()) {
                alone.addAll(group); // a backup login of its own is kept per domain
                continue;
            }
            Optional<Secret> secret = r.authentication() ? SharedRelays.secret(tx, first) : Optional.empty();
            if (r.authentication() && secret.isEmpty()) {
                alone.addAll(group); // no password to keep: refused per domain, as before
                continue;
            }
            SettingsWrites.writeAll(tx, group.stream().map(ResolvedScope::scope).toList(), new ResolvedInput(r.enabled(),
                    r.address(), r.encryption(), r.verifyCertificate(), r.authentication(), r.username(), secret,
                    r.provider(), r.backup()), now, pipeline.domainCount(), progress);
            describe(details, r);
            group.forEach(target -> target.addSendersTo(senders));
        }
        return alone;
    }

    /** Turns the relay of {@code targets} off, keeping their settings; asks before writing over hand edits. */
    UpdateResult disable(List<ResolvedScope> targets, Confirm confirm, String action, BackendSelection sel) {
        return disable(targets, confirm, action, sel, Progress.NONE);
    }

    /** As above, telling {@code progress} how far the store writes and the apply are. */
    UpdateResult disable(List<ResolvedScope> targets, Confirm confirm, String action, BackendSelection sel,
                         Progress progress) {
        drift.requireDisableConfirmed(confirm, targets, sel);
        return pipeline.change(sel, action, names(targets), Map.of("enabled", "false"), progress, tx -> {
            Set<String> senders = new LinkedHashSet<>(targets.size() * 4 / 3 + 16);
            boolean server = false;
            if (targets.size() > 1) {
                Set<Scope> off = SettingsWrites.disableAll(tx, scopes(targets), clock.instant(), progress);
                for (ResolvedScope target : targets) {
                    if (off.contains(target.scope())) {
                        server |= target.scope().isServer();
                        target.addSendersTo(senders);
                    }
                }
                return new ChangeSet(false, server, ChangeSet.handedOver(senders));
            }
            for (ResolvedScope target : targets) {
                Scope scope = target.scope();
                Optional<RelaySettings> s = stored(tx, scope);
                if (s.isPresent() && s.get().enabled()) {
                    SharedRelays.leave(tx, scope, true); // turned off alone: its own row, its secret kept for later
                    tx.put(StoreKeys.settings(scope), RelayCodec.write(s.get().withEnabled(false, clock.instant())));
                    server |= scope.isServer();
                    target.addSendersTo(senders);
                }
            }
            return new ChangeSet(false, server, ChangeSet.handedOver(senders));
        });
    }

    /** Deletes a scope's settings, secret and last check; asks before writing over hand edits. */
    UpdateResult remove(ResolvedScope target, Confirm confirm, String action, BackendSelection sel) {
        drift.requireRemovalConfirmed(confirm, target.scope(), target.senders(), sel);
        // nothing stored: nothing to remove, nothing to apply, nothing to log (an answer that says so)
        return pipeline.change(sel, action, names(List.of(target)), Map.of(),
                tx -> tx.get(StoreKeys.settings(target.scope())).isEmpty() ? ChangePipeline.NOTHING
                        : SettingsWrites.deleteAll(tx, target.scope(), target.senders()));
    }

    /** Renders and applies the full desired state from the store. */
    UpdateResult repair(BackendSelection sel, Progress progress) {
        UpdateResult result = pipeline.change(sel, "smarthost.repaired", List.of("server"), Map.of(), progress,
                tx -> ChangeSet.recovery());
        // a repair rendered every domain: its memory goes back to the system (after the apply lock is released),
        // the caller answered meanwhile; bulk jobs do the same when they end
        io.smarthost.panel.api.MemoryBack.soon();
        return result;
    }

    private static Optional<RelaySettings> stored(SettingsStore.Transaction tx, Scope scope) {
        return SharedRelays.settings(tx::get, scope);
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

    private static List<Scope> scopes(List<ResolvedScope> targets) {
        return targets.stream().map(ResolvedScope::scope).toList();
    }

    private static List<String> names(List<ResolvedScope> targets) {
        return targets.stream().map(t -> t.scope().toString()).toList();
    }
}
