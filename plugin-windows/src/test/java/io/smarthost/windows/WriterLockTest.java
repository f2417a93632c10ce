package io.smarthost.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.BackendException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two applies never interleave: threads of one panel wait their turn, another process holding the lock is named. */
class WriterLockTest {

    @TempDir
    Path dir;

    @Test
    void twoThreadsNeverWriteAtTheSameTime() throws Exception {
        WriterLock lock = new WriterLock(dir.resolve("w.lock"), Duration.ofSeconds(10), "the test's settings");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> lock.holding(() -> {
                    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    pause(() -> Thread.sleep(20));
                    return inside.decrementAndGet();
                })));
            }
            for (Future<Integer> run : runs) {
                run.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, mostInside.get(), "one writer at a time");
    }

    @Test
    void aSecondApplyInThisPanelWaitsThenIsRefusedNamingTheLock() throws Exception {
        WriterLock lock = new WriterLock(dir.resolve("w.lock"), Duration.ofMillis(300), "the test's settings");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = new Thread(() -> {
            try {
                lock.holding(() -> {
                    holding.countDown();
                    pause(release::await);
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        first.start();
        assertTrue(holding.await(5, TimeUnit.SECONDS));
        try {
            BackendException e = assertThrows(BackendException.class, () -> lock.holding(() -> "second"));
            assertEquals("lock", e.step());
            assertTrue(e.getMessage().contains("another apply in this panel is writing the test's settings"), e.getMessage());
        } finally {
            release.countDown();
            first.join(5000);
        }
        assertEquals("after", lock.holding(() -> "after"), "free again once the first finished");
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedAndNothingRuns() throws Exception {
        Path file = dir.resolve("w.lock");
        String java = ProcessHandle.current().info().command().orElse("java");
        String classes = Path.of(LockHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process holder = new ProcessBuilder(java, "-cp", classes, LockHolder.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            WriterLock lock = new WriterLock(file, Duration.ofMillis(300), "the test's settings");
            AtomicInteger ran = new AtomicInteger();

            BackendException e = assertThrows(BackendException.class, () -> lock.holding(ran::incrementAndGet));

            assertEquals("lock", e.step());
            assertTrue(e.getMessage().contains("another program (pid " + holder.pid() + " since now (test holder))"),
                    e.getMessage());
            assertEquals(0, ran.get());
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
            assertEquals(1, lock.holding(ran::incrementAndGet), "the OS dropped the lock with its holder");
        } finally {
            holder.destroyForcibly();
        }
    }

    interface Blocking {
        void run() throws InterruptedException;
    }

    static void pause(Blocking blocking) {
        try {
            blocking.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
