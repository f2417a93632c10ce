package io.smarthost.panel.host.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory sessions with an idle timeout; a restart logs everyone out. Anonymous sessions (the
 * login form's CSRF token and language) cost an attacker nothing to make, so they idle out sooner
 * and are capped: past the cap the oldest anonymous sessions are dropped. Logged-in sessions are
 * never evicted for them.
 */
public final class Sessions {

    public static final String COOKIE = "PANELSESSION";
    /** At most this many anonymous sessions are kept. */
    static final int MAX_ANONYMOUS = 10_000;
    /** An anonymous session idles out after this (or the session timeout, when shorter). */
    static final Duration ANONYMOUS_IDLE = Duration.ofMinutes(15);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    /** Ids of the anonymous sessions, oldest first; guarded by {@code this}. */
    private final LinkedHashSet<String> anonymous = new LinkedHashSet<>();
    private final Duration idle;
    private final Duration anonymousIdle;
    private final int maxAnonymous;
    private final Clock clock;
    private Instant lastSweep;

    public Sessions(Duration idle, Clock clock) {
        this(idle, clock, MAX_ANONYMOUS);
    }

    Sessions(Duration idle, Clock clock, int maxAnonymous) {
        this.idle = idle;
        this.anonymousIdle = idle.compareTo(ANONYMOUS_IDLE) < 0 ? idle : ANONYMOUS_IDLE;
        this.maxAnonymous = maxAnonymous;
        this.clock = clock;
        this.lastSweep = clock.instant();
    }

    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(s, now)) {
            remove(s);
            return Optional.empty();
        }
        s.touch(now);
        return Optional.of(s);
    }

    /** A new anonymous session (made only when a page needs its CSRF token). */
    public Session create(String lang) {
        Session s = fresh(lang);
        synchronized (this) {
            sweepIfDue();
            Iterator<String> oldest = anonymous.iterator();
            while (anonymous.size() >= maxAnonymous && oldest.hasNext()) {
                byId.remove(oldest.next());
                oldest.remove();
            }
            anonymous.add(s.id());
            byId.put(s.id(), s);
        }
        return s;
    }

    /** Logs user {@code userId} ({@code login}) in: a new session (new id and CSRF token) replaces {@code old}. */
    public Session loginAs(Session old, long userId, String login, String lang) {
        if (old != null) {
            remove(old);
        }
        Session s = fresh(lang);
        s.login(userId, login);
        byId.put(s.id(), s);
        return s;
    }

    public void end(Session session) {
        remove(session);
    }

    /**
     * Ends every session of a user (removed by this process). A session of a user removed by another process (the
     * CLI) ends at its next request: it names a user id that no longer exists.
     */
    public int endAllOf(long userId) {
        int[] ended = {0};
        byId.values().removeIf(s -> {
            boolean mine = s.login() != null && s.userId() == userId;
            ended[0] += mine ? 1 : 0;
            return mine;
        });
        return ended[0];
    }

    /**
     * The Set-Cookie value for a session: a browser-session cookie (no Max-Age: the server ends idle
     * sessions, an active user is never logged out by the cookie), HttpOnly, SameSite=Lax, and Secure
     * when the request came over HTTPS.
     */
    public static String cookie(String id, boolean secure) {
        return COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The Set-Cookie value removing the session cookie (logout). */
    public static String expiredCookie(boolean secure) {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + (secure ? "; Secure" : "");
    }

    public Duration idle() {
        return idle;
    }

    /** How many sessions are held (anonymous ones included). */
    int size() {
        return byId.size();
    }

    private boolean expired(Session s, Instant now) {
        return s.lastSeen().plus(s.login() == null ? anonymousIdle : idle).isBefore(now);
    }

    private void remove(Session s) {
        byId.remove(s.id());
        synchronized (this) {
            anonymous.remove(s.id());
        }
    }

    /** Drops idle sessions once a minute, so those never seen again do not pile up. */
    private void sweepIfDue() {
        Instant now = clock.instant();
        if (lastSweep.plus(SWEEP_EVERY).isAfter(now)) {
            return;
        }
        lastSweep = now;
        byId.values().removeIf(s -> {
            boolean gone = expired(s, now);
            if (gone) {
                anonymous.remove(s.id());
            }
            return gone;
        });
    }

    private Session fresh(String lang) {
        return new Session(token(), token(), lang, clock.instant());
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
