package io.smarthost.panel.host.web.pages;

import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.View;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.accounts.UserRecord;
import io.smarthost.panel.host.accounts.Users;
import io.smarthost.panel.host.web.Public;
import io.smarthost.panel.host.web.RequestState;
import io.smarthost.panel.host.web.Sessions;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@code /login} (form with {@code username} and {@code password}), {@code /logout}, {@code /lang}. */
@Path("")
@Produces(MediaType.TEXT_HTML)
public final class LoginPage {

    private final Panel panel;
    private final Sessions sessions;

    public LoginPage(Panel panel, Sessions sessions) {
        this.panel = panel;
        this.sessions = sessions;
    }

    @GET
    @Path("login")
    @Public
    public Object form(@QueryParam("next") String next, @Context ContainerRequestContext request) {
        if (RequestState.of(request).user().isPresent()) {
            return Response.seeOther(URI.create(safeNext(next))).build();
        }
        return view(next, null, "", 200);
    }

    @POST
    @Path("login")
    @Public
    public Object login(@FormParam("username") String username, @FormParam("password") String password,
                        @FormParam("next") String next, @Context ContainerRequestContext request) {
        RequestState state = RequestState.of(request);
        String login = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        if (login.isEmpty() || password == null || password.isEmpty()) {
            return view(next, "login.error.missing", login, 400);
        }
        if (!Users.isWellFormed(login)) {
            // no such user can exist: the same answer as a wrong password, and no throttle entry for it
            return view(next, "login.error.wrong", "", 401);
        }
        // counted before the password is checked: parallel guesses cannot slip past the limit
        Optional<Duration> locked = panel.throttle().attempt(login);
        if (locked.isPresent()) {
            return view(next, "login.error.locked", login, 429, Math.max(1, locked.get().toSeconds()));
        }
        Optional<UserRecord> user = panel.users().authenticate(login, password.toCharArray());
        if (user.isEmpty()) {
            return view(next, "login.error.wrong", login, 401);
        }
        panel.throttle().succeeded(login);
        String lang = state.session().map(s -> s.lang()).filter(l -> !l.equals("en")).orElse(user.get().lang());
        var session = sessions.loginAs(state.session().orElse(null), user.get().id(), user.get().login(), lang);
        return Response.seeOther(URI.create(safeNext(next)))
                .header(HttpHeaders.SET_COOKIE, Sessions.cookie(session.id(), state.secure())).build();
    }

    @POST
    @Path("logout")
    @Access(Role.CUSTOMER)
    public Response logout(@Context ContainerRequestContext request) {
        RequestState state = RequestState.of(request);
        state.session().ifPresent(sessions::end);
        return Response.seeOther(URI.create("/login"))
                .header(HttpHeaders.SET_COOKIE, Sessions.expiredCookie(state.secure())).build();
    }

    /** Switches the language of the session (and of the user's account when logged in). */
    @POST
    @Path("lang")
    @Public
    public Response language(@FormParam("lang") String lang, @FormParam("next") String next, @Context ContainerRequestContext request) {
        if (!"en".equals(lang) && !"fr".equals(lang)) {
            throw new IllegalArgumentException("lang: must be en or fr (the value given is neither; it is not repeated)");
        }
        RequestState state = RequestState.of(request);
        state.session().ifPresent(s -> s.lang(lang));
        state.user().ifPresent(u -> panel.users().setLanguage(u.login(), lang));
        return Response.seeOther(URI.create(safeNext(next))).build();
    }

    private static View view(String next, String errorKey, String username, int status, Object... args) {
        Map<String, Object> model = new HashMap<>();
        model.put("next", safeNext(next));
        model.put("username", username);
        if (errorKey != null) {
            model.put("errorKey", errorKey);
            model.put("errorArg", args.length > 0 ? String.valueOf(args[0]) : "");
        }
        return new View("login.ftlh", "login.title", model, status);
    }

    /**
     * Only local paths: a login must never redirect to another site. Anything that is not a plain
     * path ({@code //host}, a scheme, a backslash, spaces or control characters...) becomes {@code /},
     * so building the redirect can never fail after the login succeeded.
     */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
            return "/";
        }
        try {
            URI uri = new URI(next);
            return uri.isAbsolute() || uri.getRawAuthority() != null ? "/" : next;
        } catch (URISyntaxException e) {
            return "/";
        }
    }
}
