package io.smarthost.postfix.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.backend.RelayLevel;
import io.smarthost.core.delivery.DeliveryTracker;
import io.smarthost.core.delivery.ScopeStats;
import io.smarthost.panel.testkit.AesGcmSecretBox;
import io.smarthost.panel.testkit.InMemorySettingsStore;
import io.smarthost.panel.testkit.MovableClock;
import io.smarthost.panel.testkit.RecordingActionLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's state change (failing / recovered) reaches the action log and the banner only once it is stable, as
 * the tracker evaluates the log poll after poll: a transient deferral among messages that go out never flaps, a
 * failure that holds is announced once, and so is the recovery.
 */
class DeliveryHysteresisTest {
    static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ENGLISH);

    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-05T11:00:00Z"));
    final RecordingActionLog actions = new RecordingActionLog();
    int n;

    DeliveryTracker tracker(Path log) {
        PostfixDeliveryReporting reporting = new PostfixDeliveryReporting(dir, dir, null, Duration.ofSeconds(5),
                log.toString(), clock);
        return new DeliveryTracker(new InMemorySettingsStore(new AesGcmSecretBox()), actions, Optional.of(reporting),
                d -> new EffectiveRelay(RelayLevel.SERVER, Optional.empty()), name -> Optional.empty(), clock);
    }

    /** One attempt logged now (the clock's time, in the log's local time), then the clock moves on a second. */
    void attempt(Path log, boolean sent) throws IOException {
        String time = SYSLOG.format(LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault()));
        String id = String.format("%011X", 0xB000000000L + n++);
        String line = LogLines.from(time, id, "shop@alpha.example") + (sent ? LogLines.sent(time, id, "r@remote.example")
                : LogLines.deferred535(time, id, "r@remote.example"));
        Files.writeString(log, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        clock.now = clock.now.plusSeconds(1);
    }

    List<String> announced() {
        return actions.entries().stream().map(e -> e.action()).filter(a -> a.startsWith("smarthost.delivery.")).toList();
    }

    @Test
    void aTransientDeferralAmongMessagesSentNeverFlaps() throws IOException {
        Path log = dir.resolve("maillog");
        try (DeliveryTracker t = tracker(log)) {
            for (int i = 0; i < 40; i++) {
                attempt(log, i % 13 != 12); // a deferral now and then, each the last line of its poll
                t.poll();
                assertFalse(t.server().failing(), "after attempt " + i);
            }
            assertEquals(List.of(), announced());
            assertEquals(List.of(), t.failingRelays());
            assertEquals(3, t.server().last24h().deferred(), "the deferrals are counted all the same");
        }
    }

    @Test
    void aFailureThatHoldsIsAnnouncedOnceAndSoIsTheRecovery() throws IOException {
        Path log = dir.resolve("maillog");
        try (DeliveryTracker t = tracker(log)) {
            attempt(log, true);
            attempt(log, false);
            t.poll();
            assertFalse(t.server().failing(), "one deferral, just now: not yet");
            clock.now = clock.now.plus(ScopeStats.STABLE);
            t.poll();
            assertTrue(t.server().failing(), "held with nothing sent since: announced without a new line");
            assertEquals(List.of("server"), t.failingRelays(), "the banner and the Health card");
            t.poll();
            attempt(log, false);
            t.poll();
            assertEquals(List.of("smarthost.delivery.failing"), announced(), "once");
            attempt(log, true);
            t.poll();
            assertTrue(t.server().failing(), "one message out after failures: not yet recovered");
            attempt(log, true);
            t.poll();
            assertFalse(t.server().failing());
            assertEquals(List.of("smarthost.delivery.failing", "smarthost.delivery.recovered"), announced());
            assertEquals(List.of(), t.failingRelays());
            attempt(log, false);
            attempt(log, false);
            t.poll();
            assertTrue(t.server().failing(), "two failures in a row: announced at once");
            assertEquals(3, announced().size());
        }
    }
}
