package io.smarthost.panel.host.web;

import io.smarthost.panel.api.PageExtension;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.RestExtension;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.plugins.PanelPluginManager;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The host-owned mount points of plugin routes. Jersey is configured once; these sub-resource
 * locators hand each request to the resource object of the plugin named in the path, so plugins can
 * come and go without reloading the container. The locator notes which extension answers (its
 * {@code visible} hook); {@link AccessFilter} then applies the access rules and that visibility on
 * the final resource method, before it runs.
 */
public final class PluginRoutes {

    private PluginRoutes() {
    }

    /** {@code /plugins/{pluginId}/...}: HTML pages. */
    @Path("plugins/{pluginId}")
    public static final class Pages {
        private final Panel panel;

        public Pages(Panel panel) {
            this.panel = panel;
        }

        @Path("")
        public Object locate(@PathParam("pluginId") String pluginId, @Context UriInfo uri,
                             @Context ContainerRequestContext request) {
            return pick(panel, PageExtension.class, PageExtension::resource, PageExtension::visible, pluginId, uri, request);
        }
    }

    /** {@code /api/v2/plugins/{pluginId}/...}: JSON REST. */
    @Path("api/v2/plugins/{pluginId}")
    public static final class Rest {
        private final Panel panel;

        public Rest(Panel panel) {
            this.panel = panel;
        }

        @Path("")
        public Object locate(@PathParam("pluginId") String pluginId, @Context UriInfo uri,
                             @Context ContainerRequestContext request) {
            return pick(panel, RestExtension.class, RestExtension::resource, RestExtension::visible, pluginId, uri, request);
        }
    }

    /** One extension's resource object and its visibility hook. */
    private record Mounted(Object resource, Predicate<RequestContext> visible) {
    }

    private static <T> Object pick(Panel panel, Class<T> type, Function<T, Object> resource,
                                   BiPredicate<T, RequestContext> visible, String pluginId, UriInfo uri,
                                   ContainerRequestContext request) {
        if (PanelPluginManager.HOST_ID.equals(pluginId) || !panel.plugins().isActive(pluginId)) {
            throw new NotFoundException();
        }
        List<Mounted> mounted = panel.plugins().contributions(type).stream().filter(c -> c.pluginId().equals(pluginId))
                .map(c -> new Mounted(resource.apply(c.extension()), ctx -> visible.test(c.extension(), ctx))).toList();
        String prefix = (type == PageExtension.class ? "plugins/" : "api/v2/plugins/") + pluginId;
        String path = uri.getPath();
        String rest = path.length() > prefix.length() ? path.substring(prefix.length()) : "";
        Mounted chosen = ResourcePicker.pick(mounted, Mounted::resource, rest).orElseThrow(NotFoundException::new);
        RequestState state = RequestState.of(request);
        if (state != null) {
            state.visibility = chosen.visible();
        }
        return chosen.resource();
    }
}
