package io.smarthost.ui.web;

import io.smarthost.panel.api.Secret;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passwords typed into a form that the page shows again (after Check connection, or to confirm a
 * take-over), kept in memory only, for {@value #MINUTES} minutes, for the user who typed them. The page
 * carries a random token instead of the secret, so the password field stays empty (a page never
 * echoes a secret) and the admin does not have to type it twice.
 */
final class PendingSecrets {
    static final int MINUTES = 15;
    private static final int MAX = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(String login, Secret secret, Instant expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Keeps {@code secret} for {@code login}; returns the token to put in the form. */
    String put(String login, Secret secret) {
        purge();
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        entries.put(token, new Entry(login, secret, Instant.now().plus(Duration.ofMinutes(MINUTES))));
        return token;
    }

    /** The secret behind {@code token} when it belongs to {@code login} and has not expired. */
    Optional<Secret> get(String login, String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        Entry e = entries.get(token);
        if (e == null || !e.login().equals(login) || e.expires().isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(e.secret());
    }

    void forget(String token) {
        if (token != null) {
            entries.remove(token);
        }
    }

    private void purge() {
        Instant now = Instant.now();
        entries.values().removeIf(e -> e.expires().isBefore(now));
        if (entries.size() > MAX) {
            // A flood of checks: drop the oldest rather than grow without bound.
            Iterator<String> it = entries.keySet().iterator();
            while (entries.size() > MAX && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
    }
}
