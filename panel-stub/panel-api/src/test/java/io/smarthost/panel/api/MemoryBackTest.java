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

    private static final com.sun.management.HotSpotDiagnosticMXBean VM =
            ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);

    private static String bound(String name) {
        return VM.getVMOption(name).getValue();
    }

    /** Runs {@code body} with the launcher's bounds (25-30%), then puts this JVM's own back. */
    private static void withLauncherBounds(Runnable body) {
        // an earlier test's memory-back series narrows the bounds for its collections (15-20%) on its own thread:
        // setting 25% meanwhile was refused (min above max; failed once in CI)
        long end = System.nanoTime() + 30_000_000_000L;
        while (memoryBackRunning() && System.nanoTime() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        String min = bound("MinHeapFreeRatio");
        String max = bound("MaxHeapFreeRatio");
        try {
            VM.setVMOption("MaxHeapFreeRatio", "100"); // whatever they are now: min can then be set
            VM.setVMOption("MinHeapFreeRatio", "25"); // the lower one first: min <= max
            VM.setVMOption("MaxHeapFreeRatio", "30");
            body.run();
        } finally {
            VM.setVMOption("MaxHeapFreeRatio", "100");
            VM.setVMOption("MinHeapFreeRatio", min);
            VM.setVMOption("MaxHeapFreeRatio", max);
        }
    }

    /**
     * The collection narrows the heap's free-space bounds for itself (an idle panel keeps less room than work
     * needs: measured through the launcher, see docs/BENCHMARKS.md) and puts them back after it; bounds
     * narrower than that are left as they are.
     */
    @Test
    void theCollectionNarrowsTheFreeSpaceBoundsAndPutsThemBack() {
        withLauncherBounds(() -> {
            MemoryBack.collect();
            assertEquals("25", bound("MinHeapFreeRatio"), "put back");
            assertEquals("30", bound("MaxHeapFreeRatio"));
            VM.setVMOption("MinHeapFreeRatio", "5");
            VM.setVMOption("MaxHeapFreeRatio", "10");
            MemoryBack.collect();
            assertEquals("5", bound("MinHeapFreeRatio"), "narrower bounds kept");
            assertEquals("10", bound("MaxHeapFreeRatio"));
        });
    }

    /**
     * Large work widens the bounds while it runs, and a collection asked for meanwhile leaves the heap it grew;
     * the launcher's come back when the last work ends, once.
     */
    @Test
    void largeWorkGetsRoomUntilTheLastOneEnds() {
        withLauncherBounds(() -> {
            try (MemoryBack.Room first = MemoryBack.roomy()) {
                assertEquals("80", bound("MinHeapFreeRatio"), "room while the work runs");
                assertEquals("90", bound("MaxHeapFreeRatio"));
                try (MemoryBack.Room second = MemoryBack.roomy()) {
                    long before = collections();
                    MemoryBack.collect(); // asked while work runs: nothing shrinks the heap the work grew
                    assertEquals(before, collections(), "no collection while the work runs");
                    assertEquals("80", bound("MinHeapFreeRatio"));
                    first.close();
                    first.close(); // twice: counted once
                    assertEquals("80", bound("MinHeapFreeRatio"), "the other work still runs");
                    before = collections();
                    second.close();
                    assertTrue(collections() > before, "the last work's end gives the memory back");
                }
            }
            assertEquals("25", bound("MinHeapFreeRatio"), "the launcher's bounds are back");
            assertEquals("30", bound("MaxHeapFreeRatio"));
        });
    }

    /**
     * Work released instead of closed puts the launcher's bounds back and leaves the heap as it grew (the serving
     * panel gives it back when it falls quiet): no collection.
     */
    @Test
    void releasedWorkPutsTheBoundsBackWithoutACollection() {
        withLauncherBounds(() -> {
            MemoryBack.Room room = MemoryBack.roomy();
            assertEquals("80", bound("MinHeapFreeRatio"));
            long before = collections();
            room.release();
            room.release(); // twice: counted once
            room.close(); // after a release: nothing more
            assertEquals(before, collections(), "no collection");
            assertEquals("25", bound("MinHeapFreeRatio"), "the launcher's bounds are back");
            assertEquals("30", bound("MaxHeapFreeRatio"));
        });
    }

    /** Bounds changed by someone else meanwhile, so that putting one back is refused: the room still ends quietly. */
    @Test
    void aBoundThatCannotBePutBackDoesNotFailTheWorksEnd() {
        withLauncherBounds(() -> {
            MemoryBack.Room room = MemoryBack.roomy();
            VM.setVMOption("MinHeapFreeRatio", "10"); // an operator's jcmd VM.set_flag, say
            VM.setVMOption("MaxHeapFreeRatio", "20");
            room.close(); // min back to 25 is above max 20: refused, and no exception
            assertEquals("30", bound("MaxHeapFreeRatio"), "the other bound is put back");
            try (MemoryBack.Room next = MemoryBack.roomy()) {
                assertEquals("80", bound("MinHeapFreeRatio"), "a later work gets its room");
            }
        });
    }
}
