package io.smarthost.core.check;

import java.util.ArrayList;
import java.util.List;

/**
 * The SMTP dialogue as the admin sees it. AUTH lines are written masked by the caller; on top of that
 * every line goes through the run's {@link SecretMask} (a server may echo what it got, in clear or in
 * base64), and the size is bounded (a hostile server cannot fill memory).
 */
final class Transcript {
    static final String MASK = SecretMask.MASK;
    private static final int MAX_LINES = 400;
    private static final int MAX_LINE = 400;

    private final long startNanos;
    private final SecretMask secrets;
    private final List<String> lines = new ArrayList<>();
    private boolean truncated;

    Transcript(long startNanos, SecretMask secrets) {
        this.startNanos = startNanos;
        this.secrets = secrets;
    }

    void server(String line) {
        add("S: " + line);
    }

    void client(String line) {
        add("C: " + line);
    }

    void event(String line) {
        add("* " + line);
    }

    synchronized List<String> lines() {
        List<String> copy = new ArrayList<>(lines);
        if (truncated) {
            copy.add("* (transcript truncated)");
        }
        return copy;
    }

    private synchronized void add(String text) {
        if (lines.size() >= MAX_LINES) {
            truncated = true;
            return;
        }
        String clean = secrets.mask(text.replaceAll("[\\p{Cntrl}&&[^\t]]", "?"));
        if (clean.length() > MAX_LINE) {
            clean = clean.substring(0, MAX_LINE) + "…";
        }
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        lines.add(String.format("[%5d ms] %s", ms, clean));
    }
}
