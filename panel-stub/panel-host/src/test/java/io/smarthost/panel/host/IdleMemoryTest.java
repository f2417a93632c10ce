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
            long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
            // Held until the committed heap grew by 64 MB: a fixed amount is not enough when earlier tests in this
            // JVM left the heap committed large (CI once saw 96 MB held grow it by 44 MB only).
            java.util.List<byte[]> work = new java.util.ArrayList<>();
            while (committed() - before < 64L << 20 && (long) work.size() << 20 < max / 2) {
                work.add(new byte[1 << 20]);
            }
            long grown = committed();
            assertTrue(grown - before >= 64L << 20, "the work grew the heap: " + (before >> 20) + " -> " + (grown >> 20)
                    + " MB (" + work.size() + " MB held, max " + (max >> 20) + " MB)");
            work = null;
            long end = System.nanoTime() + 15_000_000_000L;
            while (committed() > grown - (32L << 20) && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertTrue(committed() <= grown - (32L << 20), "given back: " + (grown >> 20) + " -> " + (committed() >> 20) + " MB");
        }
    }

    /**
     * Native memory freed while the heap did not grow (here: zlib's, as the compiler threads' after a start) stays
     * in the process until the C library is trimmed; the watcher trims it once the panel is quiet.
     */
    @Test
    void nativeMemoryFreedWhileTheHeapStayedIsTrimmedOnceThePanelIsQuiet() throws Exception {
        try (IdleMemory idle = IdleMemory.start()) {
            Thread.sleep(2500); // the watcher's baseline: this process as it is
            java.util.List<java.util.zip.Deflater> work = new java.util.ArrayList<>();
            byte[] input = new byte[1 << 16];
            new java.util.Random(1).nextBytes(input);
            byte[] out = new byte[1 << 17];
            for (int i = 0; i < 400; i++) { // about 100 MB of zlib state, touched
                java.util.zip.Deflater d = new java.util.zip.Deflater(9);
                d.setInput(input);
                d.finish();
                d.deflate(out);
                work.add(d);
            }
            java.util.zip.Deflater pin = new java.util.zip.Deflater(); // allocated last, kept: the freed memory below it stays
            pin.setInput(input);
            pin.deflate(out);
            long grown = IdleMemory.rss();
            work.forEach(java.util.zip.Deflater::end);
            work.clear();
            long freed = IdleMemory.rss();
            assertTrue(freed > grown - (32L << 20), "freed zlib memory stays in the process until a trim: "
                    + (grown >> 20) + " -> " + (freed >> 20) + " MB");
            long end = System.nanoTime() + 15_000_000_000L;
            while (IdleMemory.rss() > freed - (32L << 20) && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertTrue(IdleMemory.rss() <= freed - (32L << 20), "trimmed: " + (freed >> 20) + " -> " + (IdleMemory.rss() >> 20) + " MB");
            pin.end();
        }
    }
}
