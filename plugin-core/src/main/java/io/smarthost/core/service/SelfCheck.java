package io.smarthost.core.service;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.Verification;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.SettingsStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The self-check: the store's journal (an interrupted change, a generation gap) plus the backend's
 * comparison of the mail server's files with the store ({@link MailBackend#verify}), and the same
 * cached for pages that show it on every view.
 */
final class SelfCheck {
    private final HostServices host;
    private final SettingsStore store;
    private final ApplyLock lock;
    private final HealthCache health;
    private final Clock clock;

    SelfCheck(HostServices host, ApplyLock lock, HealthCache health, Clock clock) {
        this.host = host;
        this.store = host.store();
        this.lock = lock;
        this.health = health;
        this.clock = clock;
    }

    /**
     * Whether an earlier change was interrupted, and every place where the mail server's files
     * disagree with the store. Never reports a change seen half-way; changes nothing.
     *
     * <p>A check of 100,000 domains takes seconds: run under the apply lock, it made the first change
     * after a start wait for the start's check (3 s at 1,000 domains on a loaded machine). So it runs
     * first without the lock, and its report counts only if no change ran meanwhile: the journal read
     * before and after is the same and shows no change under way, and no change of this process holds
     * the lock. Otherwise it runs again under the apply lock, as before.
     */
    HealthReport verify(BackendSelection sel) {
        try {
            if (!lock.heldByAnotherThread()) {
                ApplyJournal.State before = ApplyJournal.read(store);
                if (!before.behind()) {
                    HealthReport report = check(sel, before);
                    if (!lock.heldByAnotherThread() && before.equals(ApplyJournal.read(store))) {
                        return report;
                    }
                }
            }
            return lock.everywhere(() -> check(sel, ApplyJournal.read(store)));
        } catch (BackendException e) {
            throw Backends.failure(e);
        } catch (RuntimeException e) {
            throw ChangePipeline.storeFailure(e);
        }
    }

    /** As {@link #verify}, and the report becomes the one pages show (it is the newest there is). */
    HealthReport verifyAndKeep(BackendSelection sel) {
        long changes = health.changes();
        HealthReport report = verify(sel);
        health.offer(report, changes);
        return report;
    }

    private HealthReport check(BackendSelection sel, ApplyJournal.State state) throws BackendException {
        long start = System.nanoTime();
        List<Verification.Disagreement> found = journal(state, sel);
        Verification v = sel.backend().isEmpty()
                ? Verification.unsupported(sel.problem().orElse("no mail server backend"))
                : store.inTransaction(tx -> sel.backend().get().verify(new StoreDesiredState(tx, host.domains())));
        found.addAll(v.disagreements());
        return new HealthReport(sel.backend().map(MailBackend::displayName).orElse(""),
                state.generation(), state.applied().generation(), v.checked(), found, v.supported(),
                clock.instant(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The last self-check, run again when older than its time to live or after a change. While a
     * change is being applied in this process, the previous report is returned rather than waiting.
     *
     * @param selection chooses the backend, only when the check runs
     */
    HealthReport health(Supplier<BackendSelection> selection) {
        if (lock.heldByAnotherThread()) {
            Optional<HealthReport> last = health.last();
            if (last.isPresent()) {
                return last.get();
            }
        }
        return health.get(() -> verify(selection.get()));
    }

    private static List<Verification.Disagreement> journal(ApplyJournal.State state, BackendSelection sel) {
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
        return found;
    }
}
