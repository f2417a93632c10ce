package io.smarthost.panel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class MemoryBackTest {
    private static final HotSpotDiagnosticMXBean VM = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    private static String flag(String name) {
        return VM.getVMOption(name).getValue();
    }

    /** Large work gets room while it runs, shared by work running at the same time; the bounds come back after. */
    @Test
    void largeWorkRunsWithRoomAndLeavesTheBoundsAsLaunched() throws Exception {
        String min = flag("MinHeapFreeRatio");
        String max = flag("MaxHeapFreeRatio");
        String inner = MemoryBack.around(() -> {
            assertEquals("70", flag("MinHeapFreeRatio"));
            assertEquals(Integer.toString(Math.max(90, Integer.parseInt(max))), flag("MaxHeapFreeRatio"));
            String nested = MemoryBack.around(() -> flag("MinHeapFreeRatio"));
            assertEquals("70", flag("MinHeapFreeRatio"), "still raised while the outer work runs");
            return nested;
        });
        assertEquals("70", inner, "nested work shares the raised bounds");
        assertEquals(min, flag("MinHeapFreeRatio"));
        assertEquals(max, flag("MaxHeapFreeRatio"));

        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> MemoryBack.around(() -> {
            throw boom;
        })));
        assertEquals(min, flag("MinHeapFreeRatio"), "put back after a failure too");
        assertEquals(max, flag("MaxHeapFreeRatio"));
    }
}
