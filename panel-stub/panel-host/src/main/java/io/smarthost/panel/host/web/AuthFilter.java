package io.smarthost.panel.host.web;

import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.accounts.UserRecord;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Cookie;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.glassfish.grizzly.http.server.Request;

/**
 * Who is calling, before routing: an {@code X-API-Key} header (a wrong key is refused at once with
 * 401), else the session cookie. A page request without a valid session may get an anonymous one,
 * made only when a rendered page asks for its CSRF token (the login form): never for static files.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
final class AuthFilter implements ContainerRequestFilter {

    static final String API_KEY_HEADER = "X-API-Key";
    private final Panel panel;
    private final Sessions sessions;

    AuthFilter(Panel panel, Sessions sessions) {
        this.panel = panel;
        this.sessions = sessions;
    }

    @Inject
    private Provider<Request> grizzlyRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        RequestState state = new RequestState();
        request.setProperty(RequestState.PROPERTY, state);
        state.secure = overHttps(request);
        state.acceptLanguage = request.getHeaderString(jakarta.ws.rs.core.HttpHeaders.ACCEPT_LANGUAGE);
        state.defaultLanguage = () -> panel.settings().defaultLanguage();
        state.panelName = () -> panel.settings().panelName();
        boolean api = WebPaths.isApi(request);
        state.channel = api ? RequestContext.Channel.API : RequestContext.Channel.WEB;
        String key = request.getHeaderString(API_KEY_HEADER);
        if (key != null) {
            Optional<UserRecord> user = panel.apiKeys().authenticate(key);
            if (user.isEmpty()) {
                request.abortWith(JsonErrors.response(401, null, "the X-API-Key header does not hold a valid API key"));
                return;
            }
            state.user = user.get();
            state.viaApiKey = true;
            state.channel = RequestContext.Channel.API;
            return;
        }
        Cookie cookie = request.getCookies().get(Sessions.COOKIE);
        Optional<Session> session = sessions.find(cookie == null ? null : cookie.getValue());
        if (session.isPresent()) {
            state.session = session.get();
            if (state.session.login() != null) {
                // by id: a user removed (and a new one given the same login) does not inherit the session
                state.user = panel.users().findById(state.session.userId())
                        .filter(u -> u.login().equals(state.session.login())).orElse(null);
                if (state.user == null) {
                    sessions.end(state.session);
                    state.session = null;
                    if (!api) {
                        state.sessionMaker = () -> sessions.create(state.fallbackLang());
                    }
                }
            }
        } else if (!api) {
            state.sessionMaker = () -> sessions.create(state.fallbackLang());
        }
    }

    /**
     * HTTPS to us, or to a TLS proxy on this machine that says so in {@code X-Forwarded-Proto} (a
     * remote client could send that header too: only a loopback peer is believed).
     */
    private boolean overHttps(ContainerRequestContext request) {
        if ("https".equalsIgnoreCase(request.getUriInfo().getRequestUri().getScheme())) {
            return true;
        }
        if (!"https".equalsIgnoreCase(request.getHeaderString("X-Forwarded-Proto"))) {
            return false;
        }
        Request peer = grizzlyRequest == null ? null : grizzlyRequest.get();
        if (peer == null || peer.getRemoteAddr() == null) {
            return false;
        }
        try {
            return InetAddress.getByName(peer.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
