package io.smarthost.core.service;

import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.ResolvedInput;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Clock;
import java.time.Instant;
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
        drift.requireTakeOverConfirmed(confirm, scopes(targets), input, sel);
        Map<String, String> details = new LinkedHashMap<>();
        return pipeline.change(sel, action, names(targets), details, progress, tx -> {
            Instant now = clock.instant();
            boolean server = false;
            Set<String> senders = new LinkedHashSet<>();
            // Validation depends on a scope's stored settings only when the input relies on a stored
            // secret (blank password with authentication on); otherwise one validation serves all scopes.
            boolean perScope = input.authentication() && !input.hasPassword();
            if (!perScope && targets.size() > 1) {
                ResolvedInput r = inputs.validated(targets.get(0).scope(), input, stored(tx, targets.get(0).scope()), sel);
                SettingsWrites.writeAll(tx, scopes(targets), r, now, pipeline.domainCount(), progress);
                describe(details, r);
                for (ResolvedScope target : targets) {
                    server |= target.scope().isServer();
                    senders.addAll(target.senders());
                }
                if (input.enabled()) {
                    tx.put(StoreKeys.TAKEOVER, now.toString());
                }
                return new ChangeSet(false, server, senders);
            }
            ResolvedInput shared = null;
            for (ResolvedScope target : targets) {
                Scope scope = target.scope();
                ResolvedInput r = perScope || shared == null
                        ? inputs.validated(scope, input, stored(tx, scope), sel) : shared;
                shared = r;
                SettingsWrites.write(tx, scope, r, now);
                describe(details, r);
                server |= scope.isServer();
                senders.addAll(target.senders());
            }
            if (input.enabled()) {
                tx.put(StoreKeys.TAKEOVER, now.toString());
            }
            return new ChangeSet(false, server, senders);
        });
    }

    /** Turns the relay of {@code targets} off, keeping their settings; asks before writing over hand edits. */
    UpdateResult disable(List<ResolvedScope> targets, Confirm confirm, String action, BackendSelection sel) {
        drift.requireDisableConfirmed(confirm, scopes(targets), sel);
        return pipeline.change(sel, action, names(targets), Map.of("enabled", "false"), tx -> {
            Set<String> senders = new LinkedHashSet<>();
            boolean server = false;
            if (targets.size() > 1) {
                Set<Scope> off = SettingsWrites.disableAll(tx, scopes(targets), clock.instant());
                for (ResolvedScope target : targets) {
                    if (off.contains(target.scope())) {
                        server |= target.scope().isServer();
                        senders.addAll(target.senders());
                    }
                }
                return new ChangeSet(false, server, senders);
            }
            for (ResolvedScope target : targets) {
                Scope scope = target.scope();
                Optional<RelaySettings> s = stored(tx, scope);
                if (s.isPresent() && s.get().enabled()) {
                    SharedRelays.leave(tx, scope, true); // turned off alone: its own row, its secret kept for later
                    tx.put(StoreKeys.settings(scope), RelayCodec.write(s.get().withEnabled(false, clock.instant())));
                    server |= scope.isServer();
                    senders.addAll(target.senders());
                }
            }
            return new ChangeSet(false, server, senders);
        });
    }

    /** Deletes a scope's settings, secret and last check. */
    UpdateResult remove(ResolvedScope target, String action, BackendSelection sel) {
        return pipeline.change(sel, action, names(List.of(target)), Map.of(),
                tx -> SettingsWrites.deleteAll(tx, target.scope(), target.senders()));
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
