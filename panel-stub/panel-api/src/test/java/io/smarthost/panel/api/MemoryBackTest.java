package io.smarthost.panel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * The collection narrows the heap's free-space bounds for itself (an idle panel keeps less room than work
     * needs: measured through the launcher, see docs/BENCHMARKS.md) and puts them back after it; bounds
     * narrower than that are left as they are.
     */
    @Test
    void theCollectionNarrowsTheFreeSpaceBoundsAndPutsThemBack() throws Exception {
        var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            vm.setVMOption("MinHeapFreeRatio", "25"); // the launcher's bounds (lower one first: min <= max)
            vm.setVMOption("MaxHeapFreeRatio", "30");
            MemoryBack.collect();
            assertEquals("25", vm.getVMOption("MinHeapFreeRatio").getValue(), "put back");
            assertEquals("30", vm.getVMOption("MaxHeapFreeRatio").getValue());
            vm.setVMOption("MinHeapFreeRatio", "5");
            vm.setVMOption("MaxHeapFreeRatio", "10");
            MemoryBack.collect();
            assertEquals("5", vm.getVMOption("MinHeapFreeRatio").getValue(), "narrower bounds kept");
            assertEquals("10", vm.getVMOption("MaxHeapFreeRatio").getValue());
        } finally {
            vm.setVMOption("MaxHeapFreeRatio", max);
            vm.setVMOption("MinHeapFreeRatio", min);
        }
    }

    /** Large work widens the bounds while it runs; the launcher's come back when the last work ends, once. */
    @Test
    void largeWorkGetsRoomUntilTheLastOneEnds() {
        var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            vm.setVMOption("MinHeapFreeRatio", "25");
            vm.setVMOption("MaxHeapFreeRatio", "30");
            MemoryBack.Room first = MemoryBack.roomy();
            assertEquals("60", vm.getVMOption("MinHeapFreeRatio").getValue(), "room while the work runs");
            assertEquals("80", vm.getVMOption("MaxHeapFreeRatio").getValue());
            MemoryBack.Room second = MemoryBack.roomy();
            MemoryBack.collect(); // the collection that gives memory back puts the room back after it
            assertEquals("60", vm.getVMOption("MinHeapFreeRatio").getValue());
            first.close();
            first.close(); // twice: counted once
            assertEquals("60", vm.getVMOption("MinHeapFreeRatio").getValue(), "the other work still runs");
            second.close();
            assertEquals("25", vm.getVMOption("MinHeapFreeRatio").getValue(), "the launcher's bounds are back");
            assertEquals("30", vm.getVMOption("MaxHeapFreeRatio").getValue());
        } finally {
            vm.setVMOption("MaxHeapFreeRatio", max);
            vm.setVMOption("MinHeapFreeRatio", min);
        }
    }
}
