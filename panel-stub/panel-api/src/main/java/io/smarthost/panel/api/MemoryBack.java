package io.smarthost.panel.api;

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
}
