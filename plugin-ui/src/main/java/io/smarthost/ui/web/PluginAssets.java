package io.smarthost.ui.web;

import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.PageExtension;
import io.smarthost.panel.api.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code GET /plugins/smarthost/assets/{name}}: the pages' style sheet and script, from the plugin's
 * {@code web-assets/} folder. Served by the plugin because the host's Content-Security-Policy
 * ({@code default-src 'self'}) allows only same-origin files, no inline script or style.
 */
@Extension
public class PluginAssets implements PageExtension {
    private static final Map<String, String> TYPES = Map.of("css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8");

    @Override
    public Object resource() {
        return this;
    }

    @GET
    @Path("assets/{name: [a-z0-9-]+\\.(?:css|js)}")
    @Access(Role.CUSTOMER)
    public Response asset(@PathParam("name") String name) {
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        try (InputStream in = PluginAssets.class.getClassLoader().getResourceAsStream("web-assets/" + name)) {
            if (in == null || type == null) {
                throw new NotFoundException();
            }
            CacheControl cache = new CacheControl();
            cache.setMaxAge(300);
            return Response.ok(in.readAllBytes(), type).cacheControl(cache).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
