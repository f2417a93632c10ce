package io.smarthost.core.service;

import io.smarthost.panel.api.services.SettingsStore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One change, preview, inspection or self-check at a time.
 *
 * <p>In this process a re-entrant lock serialises them. Across processes (the panel server and
 * {@code panel bin} CLI commands share one database), changes and the self-check also hold the
 * store's lock row {@link StoreKeys#APPLY_LOCK} ({@link SettingsStore#exclusively}). The database
 * keeps that row locked until its transaction ends, so a second process's change waits until the
 * first one has written its settings, applied them to the mail server <em>and</em> recorded them.
 * Without it, the backend's file lock was released when the apply returned but before the store
 * committed, and the two processes could interleave so that a full render from one dropped the
 * other's change. The wait is bounded by the database's lock timeout (H2: {@code LOCK_TIMEOUT} in the
 * JDBC URL), which must exceed the longest apply; a change that times out fails with the store's
 * error and changes nothing.
 */
final class ApplyLock {
    private final ReentrantLock local = new ReentrantLock();
    private final SettingsStore store;

    ApplyLock(SettingsStore store) {
        this.store = store;
    }

    /** Runs {@code work} holding the lock in this process only (it writes nothing that lasts). */
    <T, X extends Exception> T inProcess(SettingsStore.Exclusive<T, X> work) throws X {
        local.lock();
        try {
            return work.run();
        } finally {
            local.unlock();
        }
    }

    /** Runs {@code work} holding the lock in this process and the store's lock row shared with other processes. */
    <T, X extends Exception> T everywhere(SettingsStore.Exclusive<T, X> work) throws X {
        local.lock();
        try {
            return store.exclusively(StoreKeys.APPLY_LOCK, work);
        } finally {
            local.unlock();
        }
    }

    /** Whether another thread of this process holds the lock (a change is being applied). */
    boolean heldByAnotherThread() {
        return local.isLocked() && !local.isHeldByCurrentThread();
    }
}
