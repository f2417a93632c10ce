package io.smarthost.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.panel.testkit.AesGcmSecretBox;
import io.smarthost.panel.testkit.InMemoryDomains;
import io.smarthost.panel.testkit.InMemorySettingsStore;
import io.smarthost.panel.testkit.RecordingActionLog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The background reader of the mail log survives a failed poll, an {@link OutOfMemoryError} included (it ended
 * for good, and the delivery figures stopped until a restart), and reads again from the committed cursor: a poll
 * that failed half-way must neither lose nor count twice what it had read.
 */
class DeliveryReaderRecoveryTest {

    /** A log whose reads fail as told, noting every read and every return to a cursor. */
    static final class FailingLog implements DeliveryLog {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile Throwable next;
        private String position = "";
        private int reads;

        @Override
        public ReadStats read(Consumer<Delivery> sink, int maxLines) {
            String from = position;
            position = "line " + ++reads; // each read goes further
            Throwable t = next;
            events.add("read from '" + from + "'" + (t == null ? "" : " failed"));
            if (t != null) {
                next = null;
                if (t instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) t;
            }
            return new ReadStats(0, 0, 0, true);
        }

        @Override
        public String cursor() {
            return position;
        }

        @Override
        public void restore(String cursor) {
            events.add("restore '" + cursor + "'");
            position = cursor;
        }

        @Override
        public String source() {
            return "test log";
        }
    }

    @Test
    void aPollThatRunsOutOfMemoryOrFailsIsFollowedByAnotherFromTheCommittedCursor() throws Exception {
        FailingLog log = new FailingLog();
        DeliveryReporting reporting = new DeliveryReporting() {
            @Override
            public DeliveryLog openLog() {
                return log;
            }

            @Override
            public String logSource() {
                return log.source();
            }

            @Override
            public List<QueuedMessage> queue(int limit) {
                return List.of();
            }

            @Override
            public void retry(Optional<String> queueId) throws BackendException {
            }
        };
        InMemoryDesiredState state = new InMemoryDesiredState();
        try (DeliveryTracker t = new DeliveryTracker(new InMemorySettingsStore(new AesGcmSecretBox()),
                new RecordingActionLog(), Optional.of(reporting), d -> EffectiveRelay.resolve(state, d),
                new InMemoryDomains()::find, Clock.systemUTC())) {
            t.start(Duration.ofMillis(20));
            awaitReads(log, 2); // a cursor committed
            log.next = new OutOfMemoryError("Java heap space (test)");
            awaitReads(log, reads(log.events) + 3);
            assertTrue(t.running(), "the reader goes on after running out of memory");
            List<String> seen = List.copyOf(log.events);
            String failedRead = seen.stream().filter(e -> e.endsWith(" failed")).findFirst().orElseThrow();
            String committed = failedRead.substring("read from ".length(), failedRead.length() - " failed".length());
            assertEquals("restore " + committed, seen.get(seen.indexOf(failedRead) + 1),
                    "back to the committed cursor after the failed read: " + seen);

            log.next = new IllegalStateException("a database hiccup (test)");
            awaitReads(log, reads(log.events) + 3);
            assertTrue(t.running());
            seen = List.copyOf(log.events);
            String second = seen.stream().filter(e -> e.endsWith(" failed")).skip(1).findFirst().orElseThrow();
            assertEquals("restore " + second.substring("read from ".length(), second.length() - " failed".length()),
                    seen.get(seen.indexOf(second) + 1), "after any failed poll: " + seen);
            assertTrue(t.server().problem().isEmpty(), "a later poll that works clears the problem: "
                    + t.server().problem());
        }
    }

    private static int reads(List<String> events) {
        return (int) events.stream().filter(e -> e.startsWith("read")).count();
    }

    private static void awaitReads(FailingLog log, int reads) throws InterruptedException {
        for (int i = 0; i < 500 && reads(log.events) < reads; i++) {
            Thread.sleep(10);
        }
        assertTrue(reads(log.events) >= reads, "reads: " + log.events);
    }
}
