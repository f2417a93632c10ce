package io.smarthost.core.service;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The last self-check, for pages that show it on every view: computed again when older than its
 * time to live or after a change through the service ({@link #invalidate()}).
 *
 * <p>A self-check reads every table and index, so it grows with the number of domains (about 0.2 s at
 * 1,000 domains, 8 s at 100,000 on the 2-core test machine, see docs/BENCHMARKS.md). While the last one
 * took less than {@link #SYNC_LIMIT} it runs again on the caller's thread, so a page after a change shows
 * its effect; a slower one runs again on a background thread while callers get the previous report
 * (whose time says how old it is), so no page waits seconds for it, and gives its memory back when done.
 */
final class HealthCache {
    static final Duration SYNC_LIMIT = Duration.ofSeconds(1);

    private final Clock clock;
    private final Duration ttl;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
    private volatile HealthReport last;
    private volatile boolean stale = true;

    HealthCache(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    HealthReport get(Supplier<HealthReport> compute) {
        HealthReport r = last;
        if (r != null && !stale && !r.at().plus(ttl).isBefore(clock.instant())) {
            return r;
        }
        if (r == null || r.tookMillis() < SYNC_LIMIT.toMillis()) {
            stale = false;
            r = compute.get();
            last = r;
            return r;
        }
        if (refreshing.compareAndSet(false, true)) {
            stale = false;
            Thread t = new Thread(() -> {
                try {
                    last = compute.get();
                } catch (RuntimeException e) {
                    stale = true; // tried again at the next view
                } finally {
                    refreshing.set(false);
                }
                // a check this slow read every domain (8 s at 100,000): its memory goes back to the system, or a
                // dashboard kept open grows the panel by 100 MB (measured: 180 -> 298 MB within two minutes)
                io.smarthost.panel.api.MemoryBack.now();
            }, "smarthost-self-check");
            t.setDaemon(true);
            t.start();
        }
        return r;
    }

    /** Counts the changes ({@link #invalidate()}), so that a report made meanwhile is not kept. */
    long changes() {
        return changes.get();
    }

    /**
     * A report made another way (a full check asked for), kept for pages until it ages, unless a change came
     * after {@code changesBefore} (read before the check ran): then it may be older than the change.
     */
    synchronized void offer(HealthReport report, long changesBefore) {
        if (changes.get() == changesBefore) {
            last = report;
            stale = false;
        }
    }

    /** The last report, whatever its age. */
    Optional<HealthReport> last() {
        return Optional.ofNullable(last);
    }

    void invalidate() {
        changes.incrementAndGet();
        stale = true;
    }
}
