package io.smarthost.panel.api;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Gives the memory of a large piece of work (a start that read every domain, a bulk change, a repair) back
 * to the system when it ends: a full collection, which with the launcher's serial collector uncommits the
 * freed heap, then the C library's trim of its own freed memory (the JVM's {@code System.trim_native_heap}
 * diagnostic command: the malloc arenas of the threads that did the work kept 30 MB or more after a bulk
 * change of 100,000 domains), again one and three seconds later (memory freed after the collection). A JVM
 * without that command only collects. For the panel and its plugins alike.
 *
 * @since 1.3
 */
public final class MemoryBack {
    private MemoryBack() {
    }

    public static void now() {
        collect();
        trim();
        trimLater();
    }

    /**
     * As {@link #now()}, on a thread of its own: a request whose work ends here answers without waiting for the
     * collection (0.1-0.2 s after a 100,000-domain repair).
     *
     * @since 1.3
     */
    public static void soon() {
        COLLECT.set(true);
        trimLater();
    }

    /**
     * Seconds after a collection at which the C library's freed memory is trimmed again: native memory is freed
     * after the collection that found its owners unreachable (their cleaners run on other threads) and by the
     * compiler threads finishing the work's compilations. Measured after a 100,000-domain repair: a trim right
     * after it freed nothing, one two seconds later 6-15 MB.
     */
    static final int[] LATER_SECONDS = {1, 3};

    private static final java.util.concurrent.atomic.AtomicBoolean LATER = new java.util.concurrent.atomic.AtomicBoolean();
    /** A collection asked for by {@link #soon()} that the series has not made yet. */
    private static final java.util.concurrent.atomic.AtomicBoolean COLLECT = new java.util.concurrent.atomic.AtomicBoolean();

    private static void trimLater() {
        if (!LATER.compareAndSet(false, true)) {
            return; // one series at a time; the one pending covers this call too (and makes a collection asked for)
        }
        Thread t = new Thread(() -> {
            try {
                do {
                    if (COLLECT.getAndSet(false)) {
                        collect();
                        trim();
                    }
                    int waited = 0;
                    for (int at : LATER_SECONDS) {
                        Thread.sleep((at - waited) * 1000L);
                        waited = at;
                        trim();
                    }
                } while (COLLECT.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                LATER.set(false);
            }
            if (COLLECT.get()) {
                trimLater(); // asked for between the last look and the end of this series
            }
        }, "memory-back");
        t.setDaemon(true);
        t.start();
    }

    /** Free heap kept above what is live by the collection that gives memory back, in percent: at most. */
    static final int TIGHT_MIN_FREE = 15;
    static final int TIGHT_MAX_FREE = 20;
    private static final Object COLLECTING = new Object();

    /**
     * A full collection that leaves the heap at most {@value #TIGHT_MAX_FREE}% free (the launcher's bounds,
     * 25-30%, give work room to grow; an idle panel needs none): the bounds are narrowed for this collection
     * and put back after it. Measured on a panel idle after a restart with 100,000 relayed domains: 148 MB
     * RSS where it was 158-171 MB. Bounds already narrower are kept; a JVM that cannot change them only
     * collects.
     */
    static void collect() {
        synchronized (COLLECTING) {
            if (roomyWork > 0) {
                return; // large work runs (roomy): the end of the last one gives the memory back
            }
            com.sun.management.HotSpotDiagnosticMXBean vm;
            int min;
            int max;
            try {
                vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
                min = Integer.parseInt(vm.getVMOption("MinHeapFreeRatio").getValue());
                max = Integer.parseInt(vm.getVMOption("MaxHeapFreeRatio").getValue());
            } catch (RuntimeException | LinkageError e) {
                System.gc();
                return;
            }
            int tightMin = Math.min(min, TIGHT_MIN_FREE);
            int tightMax = Math.max(tightMin, Math.min(max, TIGHT_MAX_FREE));
            boolean minSet = false;
            boolean maxSet = false;
            try {
                vm.setVMOption("MinHeapFreeRatio", Integer.toString(tightMin)); // the lower bound first: min <= max
                minSet = true;
                vm.setVMOption("MaxHeapFreeRatio", Integer.toString(tightMax));
                maxSet = true;
            } catch (RuntimeException e) {
                // not manageable here: the collection with the bounds as they are
            }
            try {
                System.gc();
            } finally {
                if (maxSet) {
                    vm.setVMOption("MaxHeapFreeRatio", Integer.toString(max)); // the upper bound back first
                }
                if (minSet) {
                    vm.setVMOption("MinHeapFreeRatio", Integer.toString(min));
                }
            }
        }
    }

    /**
     * Free heap a full collection keeps above what is live while large work runs ({@link #roomy()}), in percent.
     * 80-90: the first full collection of a bulk change of 100,000 domains grows the heap to what the change
     * needs (41 to 185 MB, within the launcher's 192 MB); with 60-80 it took two (48 to 72, then 180 MB), and the
     * change's collections paused it 193 ms instead of 109 ms.
     */
    static final int ROOMY_MIN_FREE = 80;
    static final int ROOMY_MAX_FREE = 90;
    /** Large work running now; the bounds are put back when the last one ends. Guarded by {@code COLLECTING}. */
    private static int roomyWork;
    /** The bounds to put back, or -1 where the room's were not set (nothing to put back). */
    private static int savedMin = -1;
    private static int savedMax = -1;

    /**
     * For a large piece of work (a bulk change of 100,000 domains): while it runs, a full collection leaves the
     * heap {@value #ROOMY_MIN_FREE}-{@value #ROOMY_MAX_FREE}% free instead of the launcher's 25-30%, so the heap
     * grows once to what the work needs instead of a few megabytes per collection; {@link #now()} asked meanwhile
     * (the serving panel falling quiet, another piece of work ending) only trims, and does not shrink the heap
     * the work grew. When the last work given room ends ({@link Room#close()}), the bounds are put back and the
     * memory given back ({@link #now()}). Measured: a bulk change after an earlier one spent five full
     * collections growing the heap that the last one had given back. Nested and concurrent works share the room.
     * A JVM that cannot change the bounds runs the work as it is.
     *
     * @since 1.4
     */
    public static Room roomy() {
        synchronized (COLLECTING) {
            if (roomyWork++ == 0) {
                savedMin = -1;
                savedMax = -1;
                try {
                    var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
                    int min = Integer.parseInt(vm.getVMOption("MinHeapFreeRatio").getValue());
                    int max = Integer.parseInt(vm.getVMOption("MaxHeapFreeRatio").getValue());
                    // the upper bound first (min <= max at every step); each one put back only if it was set
                    if (max < ROOMY_MAX_FREE && set(vm, "MaxHeapFreeRatio", ROOMY_MAX_FREE)) {
                        savedMax = max;
                    }
                    int maxNow = savedMax >= 0 ? ROOMY_MAX_FREE : max;
                    if (min < ROOMY_MIN_FREE && set(vm, "MinHeapFreeRatio", Math.min(ROOMY_MIN_FREE, maxNow))) {
                        savedMin = min;
                    }
                } catch (RuntimeException | LinkageError e) {
                    // not manageable here: the work runs with the bounds as they are
                }
            }
        }
        return new Room();
    }

    /** Sets a heap bound; false when the JVM refuses (not manageable, or out of order with the other bound). */
    private static boolean set(com.sun.management.HotSpotDiagnosticMXBean vm, String name, int value) {
        try {
            vm.setVMOption(name, Integer.toString(value));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The room {@link #roomy()} gave. {@link #close()} once (again: nothing); it never throws, so that the work's
     * own ending (a job's state) always follows.
     */
    public static final class Room implements AutoCloseable {
        private boolean closed;

        private Room() {
        }

        /** Ends this work's room; the last one puts the bounds back and gives the memory back ({@link #now()}). */
        @Override
        public void close() {
            if (end()) {
                now();
            }
        }

        /**
         * Ends this work's room as {@link #close()} does, the bounds put back, but leaves the heap as the work grew
         * it, for whoever gives memory back when the process falls quiet (the serving panel does, within two
         * seconds of quiet): a piece of work that starts meanwhile (a script's next bulk change) finds the heap it
         * needs instead of growing it again in a full collection (70 ms at 100,000 domains). Only for work done in
         * a process that gives memory back when quiet.
         *
         * @since 1.4
         */
        public void release() {
            end();
        }

        /** True when this was the last work given room: the bounds were put back. */
        private boolean end() {
            boolean last;
            synchronized (COLLECTING) {
                if (closed) {
                    return false;
                }
                closed = true;
                last = --roomyWork == 0;
                if (last) {
                    try {
                        var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
                        if (savedMin >= 0) {
                            set(vm, "MinHeapFreeRatio", savedMin); // the lower bound first: min <= max
                        }
                        if (savedMax >= 0) {
                            set(vm, "MaxHeapFreeRatio", savedMax);
                        }
                    } catch (RuntimeException | LinkageError e) {
                        // the bounds stay as they are; close() still gives the memory back
                    }
                    savedMin = -1;
                    savedMax = -1;
                }
            }
            return last;
        }
    }

    /**
     * The C library's trim alone, no collection: for native memory freed while the heap did not grow (the
     * compiler threads' work after a start).
     *
     * @since 1.3
     */
    public static void trimNative() {
        trim();
    }

    private static void trim() {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", new Object[0], new String[0]);
        } catch (JMException | RuntimeException e) {
            // not this JVM's: the collection alone
        }
    }
}
