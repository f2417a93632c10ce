package io.smarthost.ui.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/** The connection checker's worker threads ({@code smarthost-check-N}) alive in this JVM. */
public final class CheckerThreads {

    private CheckerThreads() {
    }

    public static Set<Thread> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("smarthost-check-") && t.isAlive()).collect(Collectors.toSet());
    }

    /** Waits (at most 5 s) until none of {@code threads} runs: a closed checker interrupts them, they end soon after. */
    public static void assertEnd(Set<Thread> threads, String why) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        assertTrue(threads.stream().noneMatch(Thread::isAlive), why + ": still running " + threads);
    }
}
