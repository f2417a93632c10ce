package io.smarthost.panel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * When progress is drawn while the work runs, on a clock the test moves. Before: the first "last drawn" time was
 * {@code Long.MIN_VALUE}, {@code now - last} overflowed, and nothing was drawn until the work's end (a hostile
 * tester's bar drawn once at 100%, one line after 23 s of creating domains).
 */
class CliProgressTimingTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private void at(double seconds, CliProgress progress, long done) {
        now.set(42 * SECOND + (long) (seconds * SECOND));
        progress.update(done);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void offATerminalALineEveryFiveSecondsWhileTheWorkRuns() {
        CliProgress progress = new CliProgress(err, "creating domains", 100_000, false, now::get);
        at(0.1, progress, 100);
        at(1.5, progress, 10_000);
        assertEquals("", text(), "quick work prints nothing, and not twice in five seconds");
        at(5.2, progress, 30_000);
        at(7.0, progress, 40_000);
        at(10.4, progress, 60_000);
        at(12.0, progress, 100_000);
        progress.done();
        assertEquals(List.of("creating domains: 30,000/100,000 (30%) after 5.2 s",
                "creating domains: 60,000/100,000 (60%) after 10.4 s",
                "creating domains: 100,000/100,000 (100%) after 12.0 s"), text().lines().toList());
    }

    @Test
    void onATerminalTheBarIsRedrawnAtMostTenTimesASecond() {
        CliProgress progress = new CliProgress(err, "saving", 1_000, true, now::get);
        at(0.0, progress, 0);
        at(0.05, progress, 100);
        at(0.2, progress, 500);
        at(0.25, progress, 600);
        at(0.4, progress, 1_000);
        progress.done();
        assertEquals("\rsaving [..............................]   0% 0/1,000 0.0 s"
                + "\rsaving [###############...............]  50% 500/1,000 0.2 s"
                + "\rsaving [##############################] 100% 1,000/1,000 0.4 s" + System.lineSeparator(), text());
    }
}
