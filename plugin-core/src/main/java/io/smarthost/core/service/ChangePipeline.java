package io.smarthost.core.service;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.ApplyWarning;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of every change: the store is the desired state, and the mail server follows it. Under
 * the {@link ApplyLock} (in this process and across processes):
 * <ol>
 * <li>converge: bring the mail server back in line if an earlier change was interrupted
 *     ({@link Recovery});
 * <li>commit the new settings with a new generation and the intent to apply it (store first,
 *     {@link ApplyJournal});
 * <li>let the backend apply them (it restores its own files on failure);
 * <li>record the generation as applied and drop the intent.
 * </ol>
 * A caller is told "done" only after 4. If the backend refuses, the settings are put back as they
 * were (an {@link UndoLog} kept the previous values, secrets re-sealed): the old state, both sides.
 * If the process dies or the store fails between 2 and 4, the intent stays and the next start or
 * change re-applies everything from the store (the new state).
 */
final class ChangePipeline {
    // the service's logger: operators filter the panel's log on it
    private static final Logger LOG = LoggerFactory.getLogger(SmarthostService.class);
    static final String STORE_STEP = "store the settings";
    static final String RECORD_STEP = "record the applied generation";
    private static final String UNDONE = "settings and mail server left as they were";

    private final HostServices host;
    private final SettingsStore store;
    private final ApplyLock lock;
    private final Recovery recovery;
    private final HealthCache health;
    private final Clock clock;

    ChangePipeline(HostServices host, ApplyLock lock, Recovery recovery, HealthCache health, Clock clock) {
        this.host = host;
        this.store = host.store();
        this.lock = lock;
        this.recovery = recovery;
        this.health = health;
        this.clock = clock;
    }

    /** What a change writes in the store (through an {@link UndoLog}); returns what the backend must apply. */
    @FunctionalInterface
    interface StoreChange {
        ChangeSet apply(UndoLog tx);
    }

    /** A change committed to the store, waiting for the backend; {@code wrote}: whether it wrote any setting. */
    private record Staged(long generation, ChangeSet changes, UndoLog undo, boolean wrote) {
        /** Nothing written and nothing to apply: the change asked for what is there already. */
        boolean none() {
            return !wrote && changes.isEmpty();
        }
    }

    /** What a change that writes nothing and needs no apply returns ({@link ChangeSet#isEmpty()}). */
    static final ChangeSet NOTHING = new ChangeSet(false, false, java.util.Set.of());

    /**
     * Runs one change through steps 1 to 4 and logs it for each of {@code targets}.
     *
     * @param sel     the backend chosen for this call
     * @param action  the action log's name, e.g. {@code smarthost.domain.updated}
     * @param details what the action log records (never a secret); the result is added
     * @throws RelayApplyException the step that failed and whether anything changed
     */
    UpdateResult change(BackendSelection sel, String action, List<String> targets, Map<String, String> details,
                        StoreChange work) {
        return change(sel, action, targets, details, Progress.NONE, work);
    }

    /** As above; {@code progress} hears the phase {@code apply} before and after the backend's apply. */
    UpdateResult change(BackendSelection sel, String action, List<String> targets, Map<String, String> details,
                        Progress progress, StoreChange work) {
        long start = System.nanoTime();
        boolean[] committed = {false};
        // what the take-over question's recovery did, taken whatever happens next (a thread of a pool runs other changes)
        Optional<ApplyReport> before = Optional.ofNullable(RECOVERED_BEFORE.get());
        RECOVERED_BEFORE.remove();
        try {
            return lock.everywhere(() -> {
                long locked = System.nanoTime();
                Optional<ApplyReport> now = recovery.converge(sel);
                Optional<ApplyReport> recoveredReport = before.isPresent() && now.isPresent()
                        ? Optional.of(before.get().then(now.get())) : before.or(() -> now);
                long converged = System.nanoTime();
                // the undo log of a large change spills to a file: deleted when the change is over, whatever happened
                UndoLog[] opened = new UndoLog[1];
                Staged staged;
                ApplyReport report;
                long stored;
                try {
                    staged = step(STORE_STEP, () -> store.inTransaction(tx -> {
                        UndoLog undo = new UndoLog(tx, StoreKeys::isSecret);
                        opened[0] = undo;
                        ChangeSet changes = work.apply(undo);
                        if (changes.isEmpty()) {
                            return new Staged(0, changes, undo, undo.wrote());
                        }
                        long generation = sel.backend().isPresent() ? ApplyJournal.begin(tx, action, clock.instant())
                                : ApplyJournal.bump(tx);
                        return new Staged(generation, changes, undo, undo.wrote());
                    }));
                    committed[0] = true;
                    stored = System.nanoTime();
                    if (staged.none()) {
                        // the settings asked for are the stored ones (or a removal found nothing): no generation, no
                        // apply, no action-log entry, and an answer that says so instead of "saved"
                        LOG.info("{} {}: nothing to change ({} ms)", action,
                                targets.size() == 1 ? targets.get(0) : targets.size() + " scopes", ms(start, stored));
                        // ... unless it finished an interrupted change first: the mail server did change then (a
                        // hostile tester's same-settings save rewrote relayhost and answered "changed": false)
                        return new UpdateResult(targets, recoveredReport.orElse(new ApplyReport(false, List.of(), List.of(),
                                Duration.ZERO)), false);
                    }
                    progress.report("apply", 0, targets.size());
                    report = applyStaged(sel, action, targets, details, staged);
                } finally {
                    if (opened[0] != null) {
                        opened[0].close();
                    }
                }
                long applied = System.nanoTime();
                progress.report("apply", targets.size(), targets.size());
                ApplyReport noOp = report;
                if (!staged.wrote() && !report.changed()) {
                    // the same settings, and the mail server had them: nothing to log (a recovery that ran first
                    // logged itself), and an answer that says what changed: nothing, or what the recovery did
                    LOG.info("{} {}: nothing to change, the mail server in line ({} ms)", action,
                            targets.size() == 1 ? targets.get(0) : targets.size() + " scopes", ms(start, applied));
                    health.invalidate();
                    return new UpdateResult(targets, recoveredReport.map(r -> r.then(noOp)).orElse(noOp), false);
                }
                Map<String, String> logged = new LinkedHashMap<>(details);
                logged.put("result", report.changed() ? "applied" : "unchanged");
                logWarnings(report, logged);
                if (staged.generation() > 0) {
                    logged.put("generation", Long.toString(staged.generation()));
                }
                record(action, targets, logged);
                LOG.info("{} {} ({} ms: lock {}, converge {}, store {}, apply and record {}, log {}; {})", action,
                        targets.size() == 1 ? targets.get(0) : targets.size() + " scopes",
                        ms(start, System.nanoTime()), ms(start, locked), ms(locked, converged), ms(converged, stored),
                        ms(stored, applied), ms(applied, System.nanoTime()), logged);
                health.invalidate();
                if (recoveredReport.isPresent()) {
                    // the interrupted change this one finished first: its steps and what it wrote over, in this answer
                    report = recoveredReport.get().then(report);
                }
                return new UpdateResult(targets, report, staged.wrote());
            });
        } catch (RuntimeException e) {
            health.invalidate();
            if (committed[0] && !ours(e)) {
                // after the store's commit (the mail server's files, the journal's mark, the action log, the lock's
                // release): the change is saved, and "nothing was changed" would be false (a hostile tester's panel
                // killed under a CLI bulk change: the CLI said so, and the next start applied the change)
                String what = e.getMessage() == null ? e.toString() : e.getMessage();
                throw new RelayApplyException("apply", "the settings were saved, then the settings store failed (" + what
                        + "); the panel applies the saved settings at its next start or change", false, e);
            }
            // a failure to take the lock (or of the store itself) before anything was written
            throw storeFailure(e);
        }
    }

    /**
     * What the mail server's files said of an apply (a hand edit written over, a master not reloaded), added to its
     * action-log details as {@code warnings}: the administrators' recent actions show it, for a customer's change too
     * (answered without it) and for a recovery at the start (no one to answer).
     */
    static void logWarnings(ApplyReport report, Map<String, String> logged) {
        if (!report.warnings().isEmpty()) {
            logged.put("warnings", String.join(" | ", report.warningTexts()));
        }
    }

    /**
     * What a change that writes nothing (the settings asked for are the stored ones) applies, called by its
     * {@link StoreChange} under the apply lock, after step 1: its own scopes, so that saving the same settings
     * still brings the mail server's entries for them back in line (a hand edit of a map line, of main.cf), as it
     * always did. The backend compares before it writes: an apply that finds everything in line changes no file,
     * and the change is then answered "nothing changed" with no action-log entry. The scopes are applied whatever
     * this process knows: a first version asked the backend's cheap hand-edit sign and the last self-check, and a
     * CLI's same-settings save (no self-check in its process) left a hand-edited map line that the same save
     * through REST repaired (a hostile tester). Without a backend: nothing.
     */
    ChangeSet sameSettings(BackendSelection sel, ChangeSet scopes) {
        return sel.backend().isPresent() ? scopes : NOTHING;
    }

    /** Scopes a change names in the action log one line each; past this, one summary line. */
    static final int LOGGED_ONE_BY_ONE = 20;

    /**
     * One action-log line per scope for a change of a few; one line for a bulk change (100,000 lines
     * cost more than the change itself): target {@code "N domains"}, the first names in {@code scopes}.
     */
    private void record(String action, List<String> targets, Map<String, String> details) {
        if (targets.size() <= LOGGED_ONE_BY_ONE) {
            for (String target : targets) {
                host.actionLog().record(action, target, details);
            }
            return;
        }
        Map<String, String> summary = new LinkedHashMap<>(details);
        summary.put("scopes", String.join(", ", targets.subList(0, LOGGED_ONE_BY_ONE)) + ", ... ("
                + (targets.size() - LOGGED_ONE_BY_ONE) + " more)");
        host.actionLog().record(action, targets.size() + " domains", summary);
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /**
     * Step 1 on its own, for the panel's start: re-applies everything when an earlier change was
     * interrupted. Empty when nothing was behind (or no backend is installed).
     */
    Optional<ApplyReport> convergeNow(BackendSelection sel) {
        try {
            // the usual case, nothing behind, is read without the cross-process lock, whose round costs two
            // database commits (a tenth of the server's samples of a PUT that changed nothing). An interrupted
            // change's journal is written by nobody, so it always reads as behind here; a change of another process
            // in flight may read as behind too (then the lock waits for it, and converge finds nothing to do) or not
            // (it is not interrupted: its own process finishes it)
            if (!recovery.mayBeBehind(sel)) {
                return Optional.empty();
            }
            return lock.everywhere(() -> recovery.converge(sel));
        } catch (RuntimeException e) {
            throw storeFailure(e);
        }
    }

    /**
     * {@link #convergeNow} for a change about to run in this thread (the take-over question converges first, so that
     * half-written files are not taken for hand edits): what the recovery did is kept for that change's answer. A
     * same-settings save after a {@code kill -9} rewrote relayhost in this step and answered "nothing changed"
     * (a hostile tester). {@link #forgetRecovery} when the change does not follow.
     */
    void convergeBeforeChange(BackendSelection sel) {
        convergeNow(sel).ifPresent(RECOVERED_BEFORE::set);
    }

    /** The question refused the change: the recovery it ran stays in the log and the action log only. */
    void forgetRecovery() {
        RECOVERED_BEFORE.remove();
    }

    private static final ThreadLocal<ApplyReport> RECOVERED_BEFORE = new ThreadLocal<>();

    /** The panel's domains, as its database counts them (no pass over them). */
    long domainCount() {
        return host.domains().count();
    }

    /** Steps 3 and 4, or the compensation when the backend refuses. */
    private ApplyReport applyStaged(BackendSelection sel, String action, List<String> targets,
                                    Map<String, String> details, Staged staged) {
        if (staged.changes().isEmpty()) {
            return new ApplyReport(false, List.of(), List.of(), Duration.ZERO);
        }
        if (sel.backend().isEmpty()) {
            return new ApplyReport(false, List.of(), List.of(ApplyWarning.of(ChangePipeline.class, "i18n/apply",
                    "apply.storedOnly", sel.problem().orElse("no mail server backend"))), Duration.ZERO);
        }
        MailBackend backend = sel.backend().get();
        ApplyReport report;
        StoreDesiredState[] state = new StoreDesiredState[1];
        try {
            report = store.inTransaction(tx -> {
                state[0] = new StoreDesiredState(tx, host.domains());
                return backend.apply(state[0], staged.changes());
            });
        } catch (BackendException e) {
            RelayApplyException failure = Backends.failure(e);
            boolean filesRestored = e.getSuppressed().length == 0;
            String undone = undo(staged, backend, filesRestored);
            Map<String, String> logged = new LinkedHashMap<>(details);
            logged.put("result", "failed, " + undone);
            logged.put("step", failure.step());
            record(action + ".failed", targets, logged);
            LOG.warn("{} failed at {}: {} ({})", action, failure.step(), failure.reason(), undone);
            throw new RelayApplyException(failure.step(), failure.reason(), undone.equals(UNDONE), e);
        }
        step(RECORD_STEP, () -> store.inTransaction(tx -> {
            ApplyJournal.applied(tx, staged.generation(), backend.id(), clock.instant());
            return null;
        }));
        state[0].named().ifPresent(this::sweep);
        return report;
    }

    /**
     * After an apply that walked every domain row (a bulk change, a repair), under the apply lock: the
     * shared records no row names any more go ({@link SharedRelays#sweep}). Housekeeping: a failure is
     * logged and the records wait for the next walk.
     */
    private void sweep(Map<String, Long> named) {
        try {
            int swept = store.inTransaction(tx -> SharedRelays.sweep(tx, named));
            if (swept > 0) {
                LOG.info("{} shared relay record(s) no domain names any more deleted", swept);
            }
        } catch (RuntimeException e) {
            LOG.warn("shared relay records not swept ({}); the next repair or bulk change does it", e.toString());
        }
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

    /** Runs a store step; a failure names it (the caller's change was not acknowledged). */
    static <T> T step(String name, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (ours(e)) {
                throw e;
            }
            String what = e.getMessage() == null ? e.toString() : e.getMessage();
            boolean lost = connectionLost(e);
            String reason = name.equals(STORE_STEP)
                    ? (lost ? LOST + " (" + what + ")" + MAY_BE_SAVED : "the settings store failed (" + what + ")")
                    : "the settings store failed (" + what + ") after the mail server was changed; the panel re-applies"
                      + " its stored settings at the next start or change";
            throw new RelayApplyException(name, reason, name.equals(STORE_STEP) && !lost, e);
        }
    }

    /** {@code e} itself when it is one of the feature's own answers, else the store's failure as step {@code store}. */
    static RuntimeException storeFailure(RuntimeException e) {
        // a commit in flight is step()'s (its failure is one of ours by then): here nothing was written yet, whatever
        // the cause, a lost connection included (taking the lock, converging)
        return ours(e) ? e : new RelayApplyException("store", "the settings store failed: " + e.getMessage(), e);
    }

    private static final String LOST = "the connection to the settings store was lost";
    private static final String MAY_BE_SAVED = "; the change may have been saved: a change cut short is completed or"
            + " taken back whole at the panel's next start or change (panel bin smarthost --verify says which)";

    /**
     * Whether {@code e} says the database connection was lost (SQLSTATE class 08, or the embedded H2's own codes for a
     * broken connection, a closed database, a database closed at shutdown): a commit in flight may have been made.
     */
    static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql) {
                String state = sql.getSQLState();
                int code = sql.getErrorCode();
                if ((state != null && state.startsWith("08")) || code == 90067 || code == 90098 || code == 90121) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code e} is one of the feature's own answers (bad input, unknown domain...), not a store failure. */
    private static boolean ours(RuntimeException e) {
        return e.getClass().getName().startsWith("io.smarthost.core.");
    }
}
