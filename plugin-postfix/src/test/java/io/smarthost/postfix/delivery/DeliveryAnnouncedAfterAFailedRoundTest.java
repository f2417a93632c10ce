package io.smarthost.postfix.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.backend.RelayLevel;
import io.smarthost.core.delivery.Delivery;
import io.smarthost.core.delivery.DeliveryLog;
import io.smarthost.core.delivery.DeliveryReporting;
import io.smarthost.core.delivery.DeliveryTracker;
import io.smarthost.core.delivery.QueuedMessage;
import io.smarthost.panel.testkit.AesGcmSecretBox;
import io.smarthost.panel.testkit.InMemorySettingsStore;
import io.smarthost.panel.testkit.MovableClock;
import io.smarthost.panel.testkit.RecordingActionLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poll that catches up in several rounds (each commits its figures) and fails in a later one still announces the
 * state changes the earlier rounds committed: the next poll starts from them, sees no change, and the relay's
 * failure never reached the action log.
 */
class DeliveryAnnouncedAfterAFailedRoundTest {
    static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ENGLISH);

    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-05T11:00:00Z"));
    final RecordingActionLog actions = new RecordingActionLog();

    @Test
    void aFailureCommittedByAnEarlierRoundIsAnnouncedWhenALaterRoundFails() throws IOException {
        Path log = dir.resolve("maillog");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3; i++) { // one sent, then two deferrals in a row: a stable failure
            String time = SYSLOG.format(LocalDateTime.ofInstant(clock.instant().plusSeconds(i), ZoneId.systemDefault()));
            String id = String.format("%011X", 0xC000000000L + i);
            lines.append(LogLines.from(time, id, "shop@alpha.example")).append(i == 0
                    ? LogLines.sent(time, id, "r@remote.example") : LogLines.deferred535(time, id, "r@remote.example"));
        }
        Files.writeString(log, lines);
        clock.now = clock.now.plusSeconds(3);
        PostfixDeliveryReporting real = new PostfixDeliveryReporting(dir, dir, null, Duration.ofSeconds(5),
                log.toString(), clock);
        int[] reads = {0};
        DeliveryReporting reporting = new DeliveryReporting() {
            @Override
            public DeliveryLog openLog() {
                DeliveryLog inner = real.openLog();
                return new DeliveryLog() {
                    @Override
                    public ReadStats read(Consumer<Delivery> sink, int maxLines) throws IOException {
                        if (++reads[0] == 2) {
                            throw new IllegalStateException("the second round fails (test)");
                        }
                        ReadStats r = inner.read(sink, maxLines);
                        // the first round as if the log went on past its lines: the poll reads another round
                        return reads[0] == 1 ? new ReadStats(r.lines(), r.deliveries(), r.skipped(), false) : r;
                    }

                    @Override
                    public String cursor() {
                        return inner.cursor();
                    }

                    @Override
                    public void restore(String cursor) {
                        inner.restore(cursor);
                    }

                    @Override
                    public String source() {
                        return inner.source();
                    }
                };
            }

            @Override
            public String logSource() {
                return real.logSource();
            }

            @Override
            public List<QueuedMessage> queue(int limit) throws BackendException {
                return List.of();
            }

            @Override
            public void retry(Optional<String> queueId) throws BackendException {
            }
        };
        try (DeliveryTracker t = new DeliveryTracker(new InMemorySettingsStore(new AesGcmSecretBox()), actions,
                Optional.of(reporting), d -> new EffectiveRelay(RelayLevel.SERVER, Optional.empty()),
                name -> Optional.empty(), clock)) {
            assertThrows(IllegalStateException.class, t::poll);
            assertTrue(t.server().failing(), "the first round committed the failure");
            assertEquals(List.of("smarthost.delivery.failing"), announced(), "and it is announced");
            assertEquals(List.of("server"), t.failingRelays());
            t.poll();
            assertEquals(List.of("smarthost.delivery.failing"), announced(), "once");
        }
    }

    private List<String> announced() {
        return actions.entries().stream().map(e -> e.action()).filter(a -> a.startsWith("smarthost.delivery.")).toList();
    }
}
