package io.smarthost.panel.host.web;

import java.time.Instant;

/**
 * One browser session. Anonymous sessions exist too (they carry the CSRF token of the login form and
 * the language choice); logging in replaces the session id so a planted id is worthless.
 */
public final class Session {

    private final String id;
    private final String csrfToken;
    private volatile String login;
    private volatile long userId;
    private volatile String lang;
    private volatile Instant lastSeen;

    Session(String id, String csrfToken, String lang, Instant now) {
        this.id = id;
        this.csrfToken = csrfToken;
        this.lang = lang;
        this.lastSeen = now;
    }

    public String id() {
        return id;
    }

    public String csrfToken() {
        return csrfToken;
    }

    /** The logged-in user's login, or null for an anonymous session. */
    public String login() {
        return login;
    }

    /** The logged-in user's id (0 for an anonymous session): a session follows its user, not a login name. */
    public long userId() {
        return userId;
    }

    void login(long id, String value) {
        this.userId = id;
        this.login = value;
    }

    public String lang() {
        return lang;
    }

    public void lang(String value) {
        this.lang = value;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void touch(Instant now) {
        this.lastSeen = now;
    }

    @Override
    public String toString() {
        return "Session[" + (login == null ? "anonymous" : login) + "]";
    }
}
