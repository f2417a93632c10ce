package io.smarthost.core.service;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the mail server back to the store after an interruption (kill -9, crash, full disk, a store
 * that failed after the apply): when a change's intent is still there or the applied generation is
 * behind, everything is re-applied from the store, trusting nothing on the mail server
 * ({@link ChangeSet#recovery()}), then recorded. Step 1 of every change ({@link ChangePipeline}) and
 * the panel's start. Cheap when nothing is behind: two reads.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(SmarthostService.class);

    private final HostServices host;
    private final SettingsStore store;
    private final HealthCache health;
    private final Clock clock;

    Recovery(HostServices host, HealthCache health, Clock clock) {
        this.host = host;
        this.store = host.store();
        this.health = health;
        this.clock = clock;
    }

    /**
     * Whether {@link #converge} may have something to do, read without the {@link ApplyLock}: false only when
     * the journal says the mail server follows the store (or no backend is installed).
     */
    boolean mayBeBehind(BackendSelection sel) {
        return sel.backend().isPresent() && ApplyJournal.read(store).behind();
    }

    /**
     * Call with the {@link ApplyLock} held.
     *
     * @return the report of the recovery apply; empty when nothing was behind (or there is no backend)
     * @throws RelayApplyException when the recovery apply fails (the intent stays)
     */
    Optional<ApplyReport> converge(BackendSelection sel) {
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
            RelayApplyException failure = Backends.failure(e);
            host.actionLog().record("smarthost.recovery.failed", "server", Map.of("reason", why, "step", failure.step()));
            throw new RelayApplyException("recover: " + failure.step(), failure.reason()
                    + " (an earlier change was interrupted and the mail server could not be brought back in line"
                    + " with the stored settings; nothing else was changed)", e);
        }
        ChangePipeline.step(ChangePipeline.RECORD_STEP, () -> store.inTransaction(tx -> {
            ApplyJournal.applied(tx, state.generation(), backend.id(), clock.instant());
            return null;
        }));
        Map<String, String> logged = new java.util.LinkedHashMap<>(Map.of("reason", why,
                "generation", Long.toString(state.generation())));
        // what the recovery wrote over (a value an admin changed by hand while the panel was down) is said, not only
        // done: the log, the action log, and the change that met the recovery
        ChangePipeline.logWarnings(report, logged);
        report.warningTexts().forEach(w -> LOG.warn("smarthost: recovery: {}", w));
        host.actionLog().record("smarthost.recovered", "server", logged);
        LOG.info("smarthost: recovered: the mail server follows the store again (generation {})", state.generation());
        health.invalidate();
        return Optional.of(report);
    }
}
