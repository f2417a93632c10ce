package io.smarthost.panel.host.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory sessions with an idle timeout; a restart logs everyone out. */
public final class Sessions {

    public static final String COOKIE = "PANELSESSION";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Clock clock;

    public Sessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = byId.get(id);
        Instant now = clock.instant();
        if (s == null) {
            return Optional.empty();
        }
        if (s.lastSeen().plus(idle).isBefore(now)) {
            byId.remove(id);
            return Optional.empty();
        }
        s.touch(now);
        return Optional.of(s);
    }

    public Session create(String lang) {
        prune();
        Session s = new Session(token(), token(), lang, clock.instant());
        byId.put(s.id(), s);
        return s;
    }

    /** Logs {@code login} in: a new session (new id and CSRF token) replaces {@code old}. */
    public Session loginAs(Session old, String login, String lang) {
        if (old != null) {
            byId.remove(old.id());
        }
        Session fresh = create(lang);
        fresh.login(login);
        return fresh;
    }

    public void end(Session session) {
        byId.remove(session.id());
    }

    public Duration idle() {
        return idle;
    }

    private void prune() {
        if (byId.size() > 10_000) {
            Instant limit = clock.instant().minus(idle);
            byId.values().removeIf(s -> s.lastSeen().isBefore(limit));
        }
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
