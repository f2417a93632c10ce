package io.smarthost.panel.host;

import io.smarthost.panel.api.MemoryBack;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gives memory back when the serving panel falls quiet after work that grew its heap, whoever caused the work:
 * the plugins' own large work gives its memory back when it ends ({@link MemoryBack}), but work done for another
 * process (a {@code panel bin} command that reads every domain through the panel's database server) has no end
 * the panel hears of. Measured: after a CLI repair of 100,000 domains the panel kept 270-280 MB until its next
 * full collection.
 *
 * <p>Every {@value #TICK_SECONDS} seconds: when no collection ran during the last tick (the work is over) and the
 * committed heap is at least {@value #GROWTH_MB} MB above what it was after the last time memory was given back,
 * it is given back now (a full collection, about 0.1 s at 30 MB live, then the C library's trim).
 */
final class IdleMemory implements AutoCloseable {
    static final int TICK_SECONDS = 1;
    static final long GROWTH_MB = 24;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "idle-memory");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private long collections = collections();
    private long baseline = committed();

    static IdleMemory start() {
        IdleMemory m = new IdleMemory();
        m.timer.scheduleWithFixedDelay(m::tick, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
        return m;
    }

    private void tick() {
        try {
            long now = collections();
            boolean quiet = now == collections;
            collections = now;
            long committed = committed();
            if (committed < baseline) {
                baseline = committed; // given back meanwhile (a plugin's large work ended)
            }
            if (quiet && committed - baseline >= GROWTH_MB << 20) {
                MemoryBack.now();
                collections = collections();
                baseline = committed();
            }
        } catch (RuntimeException e) {
            // never stops the timer; the next tick tries again
        }
    }

    private static long committed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
