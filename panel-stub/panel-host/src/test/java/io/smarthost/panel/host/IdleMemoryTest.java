package io.smarthost.panel.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class IdleMemoryTest {

    private static long committed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    /** Work that grew the heap, then quiet: the heap is given back without anyone asking. */
    @Test
    void aHeapGrownByWorkIsGivenBackOnceThePanelIsQuiet() throws Exception {
        System.gc();
        try (IdleMemory idle = IdleMemory.start()) {
            long before = committed();
            byte[][] work = new byte[96][];
            for (int i = 0; i < work.length; i++) {
                work[i] = new byte[1 << 20]; // 96 MB held: the heap has to grow
            }
            long grown = committed();
            assertTrue(grown - before >= 48L << 20, "the work grew the heap: " + (before >> 20) + " -> " + (grown >> 20) + " MB");
            work = null;
            long end = System.nanoTime() + 15_000_000_000L;
            while (committed() > grown - (32L << 20) && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertTrue(committed() <= grown - (32L << 20), "given back: " + (grown >> 20) + " -> " + (committed() >> 20) + " MB");
        }
    }
}
