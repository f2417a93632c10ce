package io.smarthost.panel.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class MemoryBackTest {

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static boolean memoryBackRunning() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("memory-back") && t.isAlive());
    }

    /** A request that asks for its memory to go back soon answers at once; the collection follows on another thread. */
    @Test
    void soonCollectsOnAThreadOfItsOwn() throws Exception {
        long before = collections();
        MemoryBack.soon();
        assertTrue(memoryBackRunning(), "a memory-back thread works for the caller");
        long end = System.nanoTime() + 10_000_000_000L;
        while (collections() == before && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertTrue(collections() > before, "the heap was collected");
    }

    /** Asked again while a series of trims is pending, the collection is still made. */
    @Test
    void aSecondAskWhileASeriesRunsStillCollects() throws Exception {
        MemoryBack.now(); // starts a series of later trims
        long before = collections();
        MemoryBack.soon();
        long end = System.nanoTime() + 15_000_000_000L;
        while (collections() == before && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertTrue(collections() > before, "collected although a series was already running");
    }
}
