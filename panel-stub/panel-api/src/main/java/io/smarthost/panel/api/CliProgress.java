package io.smarthost.panel.api;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of long CLI work on standard error: a bar redrawn in place on a terminal, plain lines at
 * most every few seconds otherwise (logs and pipes get no control characters). Thread-safe.
 *
 * @since 1.2
 */
public final class CliProgress {
    private static final long LINE_EVERY_NANOS = 5_000_000_000L;
    private static final long BAR_EVERY_NANOS = 100_000_000L;

    private final PrintStream err;
    private final String what;
    private final long total;
    private final boolean terminal;
    private final java.util.function.LongSupplier clock;
    private final long start;
    /** When {@link #update} last drew (or tried to); none before its first call. */
    private long last;
    private boolean updated;
    private boolean drawn;

    private CliProgress(PrintStream err, String what, long total, boolean terminal) {
        this(err, what, total, terminal, System::nanoTime);
    }

    /** With its own clock (nanoseconds), for tests. */
    CliProgress(PrintStream err, String what, long total, boolean terminal, java.util.function.LongSupplier clock) {
        this.err = err;
        this.what = what;
        this.total = Math.max(0, total);
        this.terminal = terminal;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** A bar when the process runs on a terminal (and {@code TERM} is not {@code dumb}), lines otherwise. */
    public static CliProgress of(PrintStream err, String what, long total) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return new CliProgress(err, what, total, terminal);
    }

    /** Plain lines whatever the output is (for tests and logs). */
    public static CliProgress lines(PrintStream err, String what, long total) {
        return new CliProgress(err, what, total, false);
    }

    /** {@code done} of the total are finished; draws when enough time has passed since the last drawing. */
    public synchronized void update(long done) {
        long now = clock.getAsLong();
        // the first call always draws (or, off a terminal, starts the count of seconds): a "last" that started at
        // Long.MIN_VALUE made now - last overflow, and nothing was drawn before the work's end
        if (updated && now - last < (terminal ? BAR_EVERY_NANOS : LINE_EVERY_NANOS) && done < total) {
            return;
        }
        updated = true;
        last = now;
        draw(done, now);
    }

    /**
     * Ends work whose end needs no summary line (a download): {@code done} is drawn only on a terminal or
     * when lines were already printed, so quick work stays silent off a terminal; then {@link #done()}.
     *
     * @since 1.3
     */
    public synchronized void finishQuietly(long done) {
        if (terminal || drawn) {
            draw(done, clock.getAsLong());
        }
        done();
    }

    /** Finishes the bar's line (a terminal) or prints the last figure if lines were printed. */
    public synchronized void done() {
        if (drawn) {
            if (terminal) {
                err.println();
            }
            err.flush();
        }
    }

    private void draw(long done, long now) {
        double seconds = (now - start) / 1e9;
        if (!terminal && seconds < 1 && done < total) {
            return; // quick work prints nothing
        }
        int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
        if (terminal) {
            int filled = percent * 30 / 100;
            err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%% %,d/%,d %.1f s", what, "#".repeat(filled),
                    ".".repeat(30 - filled), percent, done, total, seconds));
        } else {
            err.println(String.format(Locale.ROOT, "%s: %,d/%,d (%d%%) after %.1f s", what, done, total, percent, seconds));
        }
        err.flush();
        drawn = true;
    }
}
