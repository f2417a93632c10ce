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
 * it is given back now (a full collection, about 0.1 s at 30 MB live, then the C library's trim). When the heap did
 * not grow, every {@value #TRIM_QUIET_TICKS} quiet ticks in a row, the C library alone is trimmed if the process grew
 * since the last trim: memory freed by the compiler threads after the start's work and by the delivery log's
 * periodic commands, which no collection gives back (an idle panel with 100,000 relays climbed from 152 to 177 MB in
 * the half minute after its start, and a trim took it back to 152 MB; a trim that finds nothing costs well under a
 * millisecond).
 */
final class IdleMemory implements AutoCloseable {
    static final int TICK_SECONDS = 1;
    static final long GROWTH_MB = 24;
    static final int TRIM_QUIET_TICKS = 5;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "idle-memory");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private long collections = collections();
    private long baseline = committed();
    private long rssAfterTrim = rss();
    private int quietTicks;

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
                rssAfterTrim = rss();
                return;
            }
            quietTicks = quiet ? quietTicks + 1 : 0;
            long rss = rss();
            if (rss < rssAfterTrim) {
                rssAfterTrim = rss;
            } else if (quietTicks > 0 && quietTicks % TRIM_QUIET_TICKS == 0 && rss - rssAfterTrim >= 1 << 20) {
                MemoryBack.trimNative();
                rssAfterTrim = rss();
            }
        } catch (RuntimeException e) {
            // never stops the timer; the next tick tries again
        }
    }

    /** The process's resident size ({@code VmRSS} of {@code /proc/self/status}); 0 where there is none (nothing is trimmed). */
    static long rss() {
        try {
            for (String line : java.nio.file.Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip()) << 10;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: the heap alone is watched
        }
        return 0;
    }

    private static final java.nio.file.Path STATUS = java.nio.file.Path.of("/proc/self/status");

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
