package io.smarthost.panel.host.web;

import io.smarthost.panel.api.PageExtension;
import io.smarthost.panel.api.RestExtension;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.plugins.Contribution;
import io.smarthost.panel.host.plugins.PanelPluginManager;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.Function;

/**
 * The host-owned mount points of plugin routes. Jersey is configured once; these sub-resource
 * locators hand each request to the resource object of the plugin named in the path, so plugins can
 * come and go without reloading the container. The access rules are applied afterwards by
 * {@link AccessFilter} on the final resource method.
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
        public Object locate(@PathParam("pluginId") String pluginId, @Context UriInfo uri) {
            return pick(panel, PageExtension.class, PageExtension::resource, pluginId, uri);
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
        public Object locate(@PathParam("pluginId") String pluginId, @Context UriInfo uri) {
            return pick(panel, RestExtension.class, RestExtension::resource, pluginId, uri);
        }
    }

    private static <T> Object pick(Panel panel, Class<T> type, Function<T, Object> resource, String pluginId, UriInfo uri) {
        if (PanelPluginManager.HOST_ID.equals(pluginId) || !panel.plugins().isActive(pluginId)) {
            throw new NotFoundException();
        }
        List<Object> candidates = panel.plugins().contributions(type).stream()
                .filter(c -> c.pluginId().equals(pluginId)).map(Contribution::extension).map(resource).toList();
        String prefix = (type == PageExtension.class ? "plugins/" : "api/v2/plugins/") + pluginId;
        String path = uri.getPath();
        String rest = path.length() > prefix.length() ? path.substring(prefix.length()) : "";
        return ResourcePicker.pick(candidates, rest).orElseThrow(NotFoundException::new);
    }
}
