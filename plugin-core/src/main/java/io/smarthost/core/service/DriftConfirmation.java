package io.smarthost.core.service;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Settings written by hand are never overwritten silently: what the mail server has now
 * ({@link #inspect}), what a change would write ({@link #preview}), and the confirmation an update or
 * a disable needs before it writes over a hand edit.
 */
final class DriftConfirmation {
    private final HostServices host;
    private final SettingsStore store;
    private final ApplyLock lock;
    private final ChangePipeline pipeline;
    private final InputChecks inputs;
    private final Clock clock;

    DriftConfirmation(HostServices host, ApplyLock lock, ChangePipeline pipeline, InputChecks inputs, Clock clock) {
        this.host = host;
        this.store = host.store();
        this.lock = lock;
        this.pipeline = pipeline;
        this.inputs = inputs;
        this.clock = clock;
    }

    /** Whether the backend sees a relay set up by hand or a drift (a change must ask first then). */
    private boolean mayTakeOver(MailBackend backend) {
        try {
            return lock.inProcess(backend::mayTakeOver);
        } catch (BackendException e) {
            throw Backends.failure(e);
        }
    }

    /**
     * The relay written by hand that the mail server uses (see {@link SmarthostService#relaySetByHand()}). While a
     * change runs in this process, the last answer: a reader (an administrator's GET of a domain without a relay)
     * does not wait for a bulk change of 100,000 domains to end, and never sees its files half-way.
     */
    Optional<io.smarthost.core.backend.DetectedRelay> relaySetByHand(BackendSelection sel) {
        if (lock.heldByAnotherThread()) {
            return lastHandRelay;
        }
        try {
            Optional<io.smarthost.core.backend.DetectedRelay> found = inspect(sel).detectedRelay();
            lastHandRelay = found;
            return found;
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private volatile Optional<io.smarthost.core.backend.DetectedRelay> lastHandRelay = Optional.empty();

    /** What the mail server has now; settings written by hand show as not managed. */
    Inspection inspect(BackendSelection sel) {
        if (sel.backend().isEmpty()) {
            return new Inspection(List.of(), List.of(sel.problem().orElse("no backend")), false);
        }
        try {
            return lock.inProcess(() -> sel.backend().get().inspect());
        } catch (BackendException e) {
            throw Backends.failure(e);
        }
    }

    /**
     * What saving {@code input} for {@code scope} (canonical) would write, side by side with what is
     * there: the proposed settings are written in a transaction that is always rolled back.
     */
    Preview preview(ResolvedScope target, RelayInput input, BackendSelection sel) {
        return previewOf(Backends.require(sel), update(target, input, sel));
    }

    /** Saving {@code input} for {@code target}, as a proposed change: its map entries are the concerned keys. */
    private ProposedChange update(ResolvedScope target, RelayInput input, BackendSelection sel) {
        Scope scope = target.scope();
        return (tx, state) -> {
            SettingsWrites.write(tx, scope, inputs.validated(scope, input, state.settings(scope), sel), clock.instant());
            return new ChangeSet(false, scope.isServer(), java.util.Set.copyOf(target.senders()));
        };
    }

    /** What the backend would write after {@code change}, which is written in a transaction always rolled back. */
    private Preview previewOf(MailBackend backend, ProposedChange change) {
        try {
            return lock.inProcess(() -> store.inRollbackTransaction(tx -> {
                StoreDesiredState state = new StoreDesiredState(tx, host.domains());
                ChangeSet changes = change.write(tx, state);
                return backend.preview(state, changes);
            }));
        } catch (BackendException e) {
            throw Backends.failure(e);
        }
    }

    /**
     * Refuses a change that would write over settings changed by hand since the panel last wrote them
     * (a relay set up by hand before any take-over, or any later hand edit: each drift needs its own
     * confirmation, because once applied, what the panel wrote is the new baseline). The backend's
     * inspection is cheap and settles the usual case; only when it finds something written by hand
     * does the preview of this change decide whether the change would write over it.
     *
     * @throws ConfirmationRequiredException naming each drift, unless {@code confirm} takes them over
     */
    void requireTakeOverConfirmed(Confirm confirm, List<ResolvedScope> scopes, RelayInput input, BackendSelection sel) {
        if (scopes.isEmpty()) {
            return;
        }
        // the first scope stands for all: the settings a take-over concerns depend on whether a server
        // relay and any domain relay are on, which one domain of a bulk update tells as well as all of them
        requireConfirmed(confirm, sel, update(scopes.get(0), input, sel));
    }

    /**
     * As {@link #requireTakeOverConfirmed}, for any change: {@code change} writes it into a transaction that is
     * always rolled back, and the backend's preview of the result decides whether it writes over a hand edit.
     */
    void requireConfirmed(Confirm confirm, BackendSelection sel, ProposedChange change) {
        try {
            ask(confirm, sel, change);
        } catch (RuntimeException e) {
            pipeline.forgetRecovery();
            throw e;
        }
    }

    private void ask(Confirm confirm, BackendSelection sel, ProposedChange change) {
        Optional<MailBackend> backend = sel.backend();
        if (confirm == Confirm.TAKE_OVER_MANUAL || backend.isEmpty()) {
            return; // nothing to inspect: the change itself converges first (one apply-lock round, not two)
        }
        // an interrupted change first: its half-written files are the panel's own, not a hand edit
        pipeline.convergeBeforeChange(sel);
        if (!mayTakeOver(backend.get())) {
            return;
        }
        Inspection inspection = inspect(sel);
        if (!inspection.manualRelay() && inspection.drift().isEmpty()) {
            return;
        }
        Preview preview = previewOf(backend.get(), change);
        if (preview.takesOverManual()) {
            throw new ConfirmationRequiredException(backend.get().displayName(), inspection, preview);
        }
    }

    /**
     * A change written into a transaction for its preview only; {@code state} reads through {@code tx}. It answers
     * the sender domains and addresses it concerns, as the change itself would ({@link ChangeSet}): the preview
     * lists their map entries, those the change removes as well.
     */
    @FunctionalInterface
    interface ProposedChange {
        ChangeSet write(SettingsStore.Transaction tx, StoreDesiredState state);
    }

    /**
     * Deleting a scope's settings rewrites what its relay wrote, as turning it off does (and, for a domain, its
     * addresses' entries): asked like an update when that writes over a hand edit.
     */
    void requireRemovalConfirmed(Confirm confirm, Scope scope, java.util.Collection<String> senders, BackendSelection sel) {
        if (store.get(StoreKeys.settings(scope)).isEmpty()) {
            return; // nothing to remove: nothing written, nothing to ask
        }
        requireConfirmed(confirm, sel, (tx, state) -> SettingsWrites.deleteAll(tx, scope, senders));
    }

    /** A disable that turns an active relay off rewrites the managed settings like an update does. */
    void requireDisableConfirmed(Confirm confirm, List<ResolvedScope> scopes, BackendSelection sel) {
        List<ResolvedScope> active = scopes.stream().filter(s -> SharedRelays.settings(store::get, s.scope())
                .filter(RelaySettings::active).isPresent()).toList();
        requireTakeOverConfirmed(confirm, active, RelayInput.disabled(), sel);
    }
}
