package io.smarthost.core.check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The SMTP dialogue as the admin sees it. AUTH lines are written masked by the caller; on top of that
 * every line is scrubbed of the secret in clear and in base64 (a server may echo what it got), and the
 * size is bounded (a hostile server cannot fill memory).
 */
final class Transcript {
    static final String MASK = "******";
    private static final int MAX_LINES = 400;
    private static final int MAX_LINE = 400;

    private final long startNanos;
    private final List<String> lines = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private boolean truncated;

    Transcript(long startNanos) {
        this.startNanos = startNanos;
    }

    /** Registers a secret to scrub: its clear form and base64 forms (alone, and in an AUTH PLAIN blob). */
    synchronized void addSecret(String username, String secret) {
        if (secret.isEmpty()) {
            return;
        }
        Base64.Encoder b64 = Base64.getEncoder();
        secrets.add(secret);
        secrets.add(b64.encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        secrets.add(b64.encodeToString(("\0" + username + "\0" + secret).getBytes(StandardCharsets.UTF_8)));
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
        String clean = text.replaceAll("[\\p{Cntrl}&&[^\t]]", "?");
        for (String secret : secrets) {
            clean = clean.replace(secret, MASK);
        }
        if (clean.length() > MAX_LINE) {
            clean = clean.substring(0, MAX_LINE) + "…";
        }
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        lines.add(String.format("[%5d ms] %s", ms, clean));
    }
}
