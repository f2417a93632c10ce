package io.smarthost.panel.host.web;

import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.host.accounts.UserRecord;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;

/**
 * What the filters learned about a request, kept as one request property.
 *
 * @param session  the browser session (null for API-key calls)
 * @param user     the authenticated user, or null
 * @param channel  WEB for pages, API for /api
 * @param newSession whether the response must set the session cookie
 */
public final class RequestState {

    static final String PROPERTY = "panel.state";

    Session session;
    UserRecord user;
    RequestContext.Channel channel;
    boolean newSession;
    String pluginId = "panel";
    Domain domain;
    ClassLoader previousContextLoader;
    /** The visibility of the plugin extension the request was routed to (null: a host route, always there). */
    java.util.function.Predicate<RequestContext> visibility;
    boolean viaApiKey;
    /** Came over HTTPS (directly, or through a proxy on this machine saying so): cookies get Secure. */
    boolean secure;
    /** The request's {@code Accept-Language} header, or null. */
    String acceptLanguage;
    /** The panel's {@code default_language}, read when a visitor without a session needs it. */
    java.util.function.Supplier<String> defaultLanguage = () -> "en";
    /** The panel's {@code panel_name}, read when a page or an error page shows it. */
    java.util.function.Supplier<java.util.Optional<String>> panelName;
    private String fallbackLang;
    /** Makes an anonymous session when a page first needs one (null: none may be made, e.g. the API). */
    java.util.function.Supplier<Session> sessionMaker;

    public static RequestState of(ContainerRequestContext request) {
        return (RequestState) request.getProperty(PROPERTY);
    }

    public Optional<Session> session() {
        return Optional.ofNullable(session);
    }

    public Optional<UserRecord> user() {
        return Optional.ofNullable(user);
    }

    /**
     * The reader's language: the session's (the visitor's choice, or the account's once logged in), an API key's user's,
     * else the first of English and French the browser asks for ({@code Accept-Language}), else the panel's
     * {@code default_language}.
     */
    public String lang() {
        if (user != null && session == null) {
            return user.lang();
        }
        return session == null ? fallbackLang() : session.lang();
    }

    /** The language of a visitor without a session (and of the session made for one): see {@link #lang()}. */
    String fallbackLang() {
        if (fallbackLang == null) {
            fallbackLang = Languages.preferred(acceptLanguage, defaultLanguage);
        }
        return fallbackLang;
    }

    /** The name the pages show: the panel's {@code panel_name}, else the default of the reader's language. */
    public String panelName(java.util.Locale locale) {
        return (panelName == null ? java.util.Optional.<String>empty() : panelName.get())
                .orElseGet(() -> io.smarthost.panel.host.services.BundleMessages.host().get(locale, "panel.name"));
    }

    /** Whether the request came over HTTPS (its cookies must be marked Secure). */
    public boolean secure() {
        return secure;
    }

    public String pluginId() {
        return pluginId;
    }

    public Optional<Domain> domain() {
        return Optional.ofNullable(domain);
    }

    public RequestContext.Channel channel() {
        return channel;
    }

    /**
     * The session's CSRF token. A visitor without a session gets one now (and the response its
     * cookie): only pages that render a form ask, so static files and redirects make no session.
     */
    public String csrfToken() {
        if (session == null && sessionMaker != null) {
            session = sessionMaker.get();
            newSession = true;
        }
        return session == null ? "" : session.csrfToken();
    }
}
