package io.smarthost.panel.host.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {


    @Test
    void parallelLoginAttemptsCannotPassTheFailureLimit() throws Exception {
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofSeconds(30), new MovableClock(Instant.parse("2025-01-01T00:00:00Z")));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                attempts.add(pool.submit(() -> {
                    go.await();
                    return throttle.attempt("carol").isEmpty();
                }));
            }
            go.countDown();
            int letThrough = 0;
            for (Future<Boolean> f : attempts) {
                letThrough += f.get() ? 1 : 0;
            }
            assertEquals(5, letThrough, "guesses that reached the password check");
            assertTrue(throttle.lockedFor("carol").isPresent());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSuccessClearsTheCountAndALockEnds() {
        MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
        LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(30), clock);
        throttle.attempt("dave");
        throttle.attempt("dave");
        throttle.succeeded("dave");
        assertTrue(throttle.attempt("dave").isEmpty() && throttle.attempt("dave").isEmpty() && throttle.attempt("dave").isEmpty(),
                "three more attempts after the success");
        assertEquals(Duration.ofSeconds(30), throttle.attempt("dave").orElseThrow());
        clock.now = clock.now.plusSeconds(31);
        assertTrue(throttle.attempt("dave").isEmpty(), "the lock is over");
    }

    @Test
    void throttleEntriesForMadeUpLoginsAreCappedAndForgotten() {
        MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofSeconds(30), clock, 100);
        for (int i = 0; i < 1_000; i++) {
            throttle.attempt("user" + i);
        }
        assertTrue(throttle.size() <= 100, "entries kept: " + throttle.size());
        assertTrue(throttle.lockedFor("user999").isEmpty());
        clock.now = clock.now.plus(LoginThrottle.FORGET_AFTER).plusSeconds(61);
        throttle.attempt("someone");
        assertEquals(1, throttle.size(), "idle entries are forgotten");
    }
}
