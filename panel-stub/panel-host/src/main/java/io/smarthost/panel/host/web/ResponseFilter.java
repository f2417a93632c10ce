package io.smarthost.panel.host.web;

import io.smarthost.panel.api.View;
import io.smarthost.panel.host.services.CurrentRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * After the route ran: renders a returned {@link View} inside the layout, sets the session cookie
 * (a browser-session cookie, HttpOnly, SameSite=Lax, Secure over HTTPS) when the session is new, adds protective headers, and forgets the
 * request's context on this worker thread.
 */
final class ResponseFilter implements ContainerResponseFilter {

    private final PageRenderer renderer;
    ResponseFilter(PageRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        RequestState state = RequestState.of(request);
        try {
            if (response.getEntity() instanceof View view && state != null) {
                String html = renderer.render(view, pageContext(state, request));
                response.setStatus(view.status());
                response.setEntity(html, response.getEntityAnnotations(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
            }
            if (state != null && state.newSession && state.session != null) {
                response.getHeaders().add(HttpHeaders.SET_COOKIE, Sessions.cookie(state.session.id(), state.secure));
            }
            response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
            response.getHeaders().putSingle("X-Frame-Options", "DENY");
            response.getHeaders().putSingle("Referrer-Policy", "same-origin");
            if (response.getMediaType() != null && response.getMediaType().isCompatible(MediaType.TEXT_HTML_TYPE)) {
                response.getHeaders().putSingle("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
                response.getHeaders().putSingle("Cache-Control", "no-store");
            }
        } finally {
            CurrentRequest.clear();
            if (state != null && state.previousContextLoader != null) {
                Thread.currentThread().setContextClassLoader(state.previousContextLoader);
            }
        }
    }

    static PageRenderer.PageContext pageContext(RequestState state, ContainerRequestContext request) {
        return new PageRenderer.PageContext(state.pluginId(), state.user == null ? null : withLang(state),
                state.lang(), state.csrfToken(), state.domain, "/" + request.getUriInfo().getPath());
    }

    private static io.smarthost.panel.api.PanelUser withLang(RequestState state) {
        return new io.smarthost.panel.api.PanelUser(state.user.login(), state.user.role(), java.util.Locale.forLanguageTag(state.lang()));
    }
}
