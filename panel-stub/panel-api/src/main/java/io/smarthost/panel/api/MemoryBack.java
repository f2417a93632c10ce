package io.smarthost.panel.api;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Gives the memory of a large piece of work (a start that read every domain, a bulk change, a repair) back
 * to the system when it ends: a full collection, which with the launcher's serial collector uncommits the
 * freed heap, then the C library's trim of its own freed memory (the JVM's {@code System.trim_native_heap}
 * diagnostic command: the malloc arenas of the threads that did the work kept 30 MB or more after a bulk
 * change of 100,000 domains). A JVM without that command only collects. For the panel and its plugins alike.
 *
 * @since 1.3
 */
public final class MemoryBack {
    /**
     * While large work runs, the heap keeps this share free after a full collection (the launcher's 25% is for
     * an idle panel). Measured on a repair of 100,000 domains: 39 young and 6 full collections (0.6 s of 2.2 s)
     * with 25%, 14 and 1 with 70%.
     */
    static final int WORK_MIN_FREE = 70;
    static final int WORK_MAX_FREE = 90;

    private static final Object LOCK = new Object();
    private static int running;
    private static String[] launched;

    private MemoryBack() {
    }

    public static void now() {
        System.gc();
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", new Object[0], new String[0]);
        } catch (JMException | RuntimeException e) {
            // not this JVM's: the collection alone
        }
    }

    /** Work that may fail with {@code X}. */
    @FunctionalInterface
    public interface Work<T, X extends Exception> {
        T run() throws X;
    }

    /**
     * Runs large work (every domain read or written) with room to grow: the heap's free-space bounds are
     * raised while it runs (a heap kept tight for an idle panel collected fully every few megabytes
     * promoted), put back as the launcher set them when the last such work ends, and the memory is then given
     * back ({@link #now()}). Works at the same time share the raised bounds. A JVM whose bounds cannot be
     * changed at run time runs the work as it is.
     */
    public static <T, X extends Exception> T around(Work<T, X> work) throws X {
        enter();
        try {
            return work.run();
        } finally {
            if (leave()) {
                now();
            }
        }
    }

    private static void enter() {
        synchronized (LOCK) {
            if (running++ > 0) {
                return;
            }
            try {
                HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                String min = vm.getVMOption("MinHeapFreeRatio").getValue();
                String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
                if (Integer.parseInt(min) >= WORK_MIN_FREE) {
                    return; // already roomy: left alone
                }
                // the maximum first: the minimum may never exceed it
                vm.setVMOption("MaxHeapFreeRatio", Integer.toString(Math.max(WORK_MAX_FREE, Integer.parseInt(max))));
                vm.setVMOption("MinHeapFreeRatio", Integer.toString(WORK_MIN_FREE));
                launched = new String[] {min, max};
                // the heap is sized by these bounds after a full collection only: one now (60-80 ms with 30 MB live)
                // gives the work its room from the start, not after the first few it would need
                System.gc();
            } catch (RuntimeException e) {
                launched = null; // not a HotSpot JVM, or the options are not manageable here
            }
        }
    }

    /** Whether this was the last large work running (the bounds are then back as launched). */
    private static boolean leave() {
        synchronized (LOCK) {
            if (--running > 0) {
                return false;
            }
            if (launched != null) {
                try {
                    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                    vm.setVMOption("MinHeapFreeRatio", launched[0]);
                    vm.setVMOption("MaxHeapFreeRatio", launched[1]);
                } catch (RuntimeException e) {
                    // left raised: the next collection keeps more free heap, nothing breaks
                }
                launched = null;
            }
            return true;
        }
    }
}
