package io.smarthost.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.BackendException;
import io.smarthost.panel.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The limits of test messages through the mail server: one running per scope, addresses checked before anything is
 * handed over, results forgotten after {@link MtaTests#KEEP}. The mail server here is a hand-held one (the real
 * Postfix path is {@code MtaTestThroughPostfixTest} in plugin-ui): it names the queue id, then waits for the test
 * to release it, so that "running" lasts as long as the test needs.
 */
class MtaTestsTest {
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-05T12:00:00Z"));
    final CountDownLatch release = new CountDownLatch(1);

    final DeliveryReporting heldMailServer = new DeliveryReporting() {
        @Override
        public DeliveryLog openLog() {
            throw new UnsupportedOperationException("not read here");
        }

        @Override
        public String logSource() {
            return "held";
        }

        @Override
        public List<QueuedMessage> queue(int limit) {
            return List.of();
        }

        @Override
        public void retry(Optional<String> queueId) {
        }

        @Override
        public MtaTestResult sendThrough(String from, String to, Duration wait, Consumer<String> queued)
                throws BackendException {
            queued.accept("4F2A81C3D2");
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new BackendException("send-test", "interrupted", e);
            }
            return new MtaTestResult("4F2A81C3D2", Optional.of(new Delivery(clock.instant(), "4F2A81C3D2", from, to,
                    "relay.example[192.0.2.1]:587", Outcome.SENT, "2.0.0", "250 2.0.0 Ok: queued as X", 0.4)), 5);
        }
    };

    MtaTests.Snapshot await(MtaTests tests, String id, MtaTests.State state) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        MtaTests.Snapshot s = tests.get(id).orElseThrow();
        while (s.state() != state && System.nanoTime() < end) {
            Thread.sleep(10);
            s = tests.get(id).orElseThrow();
        }
        assertEquals(state, s.state(), s.toString());
        return s;
    }

    @Test
    void oneTestRunsPerScopeAndItsResultIsForgottenAfterAWhile() throws Exception {
        try (MtaTests tests = new MtaTests(Optional.of(heldMailServer), clock)) {
            MtaTests.Snapshot first = tests.start("@alpha.example", "postmaster@alpha.example", "you@remote.example");
            assertEquals("4F2A81C3D2", await(tests, first.id(), MtaTests.State.QUEUED).queueId(), "queued: its id at once");
            MtaTests.Refused busy = assertThrows(MtaTests.Refused.class,
                    () -> tests.start("@alpha.example", "postmaster@alpha.example", "other@remote.example"));
            assertEquals("busy", busy.reason);
            assertEquals(first.id(), busy.runningId);
            MtaTests.Snapshot other = tests.start("@beta.example", "postmaster@beta.example", "you@remote.example");
            release.countDown();
            MtaTests.Snapshot done = await(tests, first.id(), MtaTests.State.SENT);
            assertTrue(done.state().done() && done.finished().isPresent());
            await(tests, other.id(), MtaTests.State.SENT);
            tests.start("@alpha.example", "postmaster@alpha.example", "again@remote.example"); // free again
            clock.now = clock.now.plus(MtaTests.KEEP).plusSeconds(1);
            assertEquals(Optional.empty(), tests.get(first.id()), "expired");
        }
    }

    @Test
    void addressesAreCheckedBeforeAnythingIsHandedOver() {
        try (MtaTests tests = new MtaTests(Optional.of(heldMailServer), clock)) {
            IllegalArgumentException to = assertThrows(IllegalArgumentException.class,
                    () -> tests.start("server", "root@alpha.example", "you@remote.example\r\nBcc: x@y.example"));
            assertTrue(to.getMessage().startsWith("to: "), to.getMessage());
            IllegalArgumentException from = assertThrows(IllegalArgumentException.class,
                    () -> tests.start("server", "root", "you@remote.example"));
            assertTrue(from.getMessage().startsWith("from: "), from.getMessage());
        }
        try (MtaTests none = new MtaTests(Optional.empty(), clock)) {
            assertEquals("unavailable", assertThrows(MtaTests.Refused.class,
                    () -> none.start("server", "root@alpha.example", "you@remote.example")).reason);
        }
    }
}
