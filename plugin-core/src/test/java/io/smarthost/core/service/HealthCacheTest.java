package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A quick self-check runs again on the caller's thread; a slow one in the background, never blocking a page. */
class HealthCacheTest {

    private static HealthReport report(Instant at, long tookMillis) {
        return new HealthReport("Postfix", 1, 1, List.of(), List.of(), true, at, tookMillis);
    }

    @Test
    void aQuickCheckRunsAgainAfterAChangeOnTheCallersThread() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
        HealthCache cache = new HealthCache(clock, Duration.ofSeconds(30));
        AtomicInteger runs = new AtomicInteger();
        HealthReport first = cache.get(() -> report(clock.instant(), runs.incrementAndGet() * 10L));
        assertSame(first, cache.get(() -> report(clock.instant(), runs.incrementAndGet())), "cached within 30 s");
        cache.invalidate();
        HealthReport after = cache.get(() -> report(clock.instant(), runs.incrementAndGet()));
        assertEquals(2, runs.get());
        assertTrue(after != first, "a change makes the next view see a new check");
    }

    @Test
    void aSlowCheckRunsAgainInTheBackgroundWhileTheLastOneIsShown() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
        HealthCache cache = new HealthCache(clock, Duration.ofSeconds(30));
        HealthReport slow = cache.get(() -> report(clock.instant(), 8_000));
        cache.invalidate();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        HealthReport shown = cache.get(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
            return report(clock.instant(), 7_000);
        });
        assertSame(slow, shown, "the page gets the previous report at once");
        release.countDown();
        assertTrue(done.await(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cache.last().orElseThrow().tookMillis() != 7_000 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(7_000, cache.last().orElseThrow().tookMillis(), "refreshed in the background");
    }

    @Test
    void aFullCheckAskedForIsWhatPagesShowUnlessAChangeCameMeanwhile() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
        HealthCache cache = new HealthCache(clock, Duration.ofSeconds(30));
        AtomicInteger runs = new AtomicInteger();
        cache.get(() -> report(clock.instant(), runs.incrementAndGet()));
        HealthReport asked = report(clock.instant(), 42);
        cache.offer(asked, cache.changes());
        assertSame(asked, cache.get(() -> report(clock.instant(), runs.incrementAndGet())), "the newest report is shown");
        assertEquals(1, runs.get());

        long before = cache.changes();
        cache.invalidate();
        HealthReport older = report(clock.instant(), 43);
        cache.offer(older, before);
        HealthReport shown = cache.get(() -> report(clock.instant(), runs.incrementAndGet()));
        assertTrue(shown != older, "a check that began before a change is not kept over it");
        assertEquals(2, runs.get());
    }
}
