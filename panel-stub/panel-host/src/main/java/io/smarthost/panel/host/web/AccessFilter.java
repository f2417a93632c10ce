package io.smarthost.panel.host.web;

import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.domains.DomainStore;
import io.smarthost.panel.host.plugins.PanelPluginManager;
import io.smarthost.panel.host.services.CurrentRequest;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.lang.reflect.Method;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * The host's guard for every matched route, its own and the plugins' (sub-resource locators
 * included: {@link ResourceInfo} names the final method). Reads {@link Access} from the method, then
 * its class (default: admin only); a method's empty {@code domainParam} inherits the class's. Anonymous: pages redirect to /login, the API answers 401. Too low
 * a role or a domain the user does not own: 404. Every state-changing request made with a session
 * must carry the session's CSRF token ({@code _csrf} form field or {@code X-CSRF-Token} header), else
 * 403. Then the request's {@link RequestContext} is published and, for plugin routes, the thread's
 * context class loader is the plugin's (so its {@code ValidationMessages} are found). Last, a plugin
 * route whose extension is not {@code visible} for this context answers 404 as a missing route does
 * (the extension was noted by {@link PluginRoutes}), so no plugin repeats its switches in each method.
 */
@Priority(Priorities.AUTHORIZATION)
final class AccessFilter implements ContainerRequestFilter {

    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_FIELD = "_csrf";

    private final Panel panel;
    @Context
    private ResourceInfo resourceInfo;

    AccessFilter(Panel panel) {
        this.panel = panel;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        RequestState state = RequestState.of(request);
        Method method = resourceInfo.getResourceMethod();
        Class<?> type = resourceInfo.getResourceClass();
        if (state == null || method == null || type == null) {
            return;
        }
        // who owns the class, not its package name: a plugin may put classes in any package
        boolean host = PanelPluginManager.HOST_ID.equals(panel.plugins().ownerOf(type));
        if (!host) {
            state.pluginId = request.getUriInfo().getPathParameters().getFirst("pluginId");
        }
        boolean isPublic = host && (method.isAnnotationPresent(Public.class) || type.isAnnotationPresent(Public.class));
        if (!isPublic) {
            Access onMethod = method.getAnnotation(Access.class);
            Access onType = type.getAnnotation(Access.class);
            Access access = onMethod != null ? onMethod : onType;
            Role required = access == null ? Role.ADMIN : access.value();
            // a method's @Access sets the role; it keeps the class's domain check unless it names its own
            String domainParam = access == null ? "" : access.domainParam();
            if (domainParam.isEmpty() && onMethod != null && onType != null) {
                domainParam = onType.domainParam();
            }
            if (state.user == null) {
                request.abortWith(state.channel == RequestContext.Channel.API
                        ? JsonErrors.response(401, null, "authentication required: send an X-API-Key header")
                        : Response.seeOther(UriBuilder.fromPath("/login").queryParam("next", "/" + request.getUriInfo().getPath()).build()).build());
                return;
            }
            if (!state.user.role().satisfies(required)) {
                request.abortWith(notFound(state));
                return;
            }
            if (!domainParam.isEmpty()) {
                String name = request.getUriInfo().getPathParameters().getFirst(domainParam);
                Optional<Domain> domain = panel.domains().find(name == null ? "" : name);
                if (domain.isEmpty() || !DomainStore.mayManage(state.user.toPanelUser(), domain.get())) {
                    request.abortWith(notFound(state));
                    return;
                }
                state.domain = domain.get();
            }
        }
        if (WebPaths.isUnsafe(request.getMethod()) && !state.viaApiKey && !csrfOk(request, state)) {
            request.abortWith(state.channel == RequestContext.Channel.API || !accepts(request)
                    ? JsonErrors.response(403, CSRF_FIELD, "missing or wrong CSRF token: send the session's token in the "
                    + CSRF_HEADER + " header or the " + CSRF_FIELD + " form field")
                    : ErrorPages.page(state, 403, "csrf"));
            return;
        }
        publish(state);
        // last, as a route's own "not found" came after all the checks above: the hook sees the checked domain
        if (state.visibility != null && !CurrentRequest.get().map(state.visibility::test).orElse(false)) {
            request.abortWith(hidden(request));
        }
    }

    /** The answer of a route that does not exist, as {@link ErrorMappers.WebErrors} gives it: by path, not channel. */
    private static Response hidden(ContainerRequestContext request) {
        RequestState state = RequestState.of(request);
        return ErrorMappers.api(request.getUriInfo()) ? JsonErrors.response(404, null, "not found")
                : ErrorPages.notFound(state);
    }

    private Response notFound(RequestState state) {
        return state.channel == RequestContext.Channel.API
                ? JsonErrors.response(404, null, "not found")
                : ErrorPages.notFound(state);
    }

    private static boolean accepts(ContainerRequestContext request) {
        return request.getAcceptableMediaTypes().stream().anyMatch(m -> m.isCompatible(MediaType.TEXT_HTML_TYPE));
    }

    private void publish(RequestState state) {
        if (state.user != null) {
            Locale locale = Locale.forLanguageTag(state.lang());
            io.smarthost.panel.api.PanelUser user = new io.smarthost.panel.api.PanelUser(state.user.login(), state.user.role(), locale);
            CurrentRequest.set(new RequestContext(user, Optional.ofNullable(state.domain), state.channel));
        } else {
            CurrentRequest.clear();
        }
        if (!PanelPluginManager.HOST_ID.equals(state.pluginId) && state.pluginId != null) {
            org.pf4j.PluginWrapper plugin = panel.plugins().getPlugin(state.pluginId);
            if (plugin != null) {
                state.previousContextLoader = Thread.currentThread().getContextClassLoader();
                Thread.currentThread().setContextClassLoader(plugin.getPluginClassLoader());
            }
        }
    }

    private static boolean csrfOk(ContainerRequestContext request, RequestState state) {
        if (state.session == null) {
            // API without a session or key: nothing to forge, the route's access rule decides. A page
            // post without a session cannot carry a token we issued (the login form's included)
            return state.channel == RequestContext.Channel.API;
        }
        String token = request.getHeaderString(CSRF_HEADER);
        if (token == null && request.getMediaType() != null
                && MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(request.getMediaType())) {
            ContainerRequest jersey = (ContainerRequest) request;
            jersey.bufferEntity();
            Form form = jersey.readEntity(Form.class);
            token = form == null ? null : form.asMap().getFirst(CSRF_FIELD);
        }
        return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                state.session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }
}
