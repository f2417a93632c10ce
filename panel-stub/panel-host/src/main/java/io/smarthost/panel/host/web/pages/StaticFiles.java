package io.smarthost.panel.host.web.pages;

import io.smarthost.panel.host.web.Public;
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

/** {@code /static/{name}}: the host's style sheet and icons, from the class path folder {@code panel-static/}. */
@Path("static")
public final class StaticFiles {

    private static final Map<String, String> TYPES = Map.of("css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "js", "text/javascript; charset=utf-8", "png", "image/png");

    @GET
    @Path("{name: [a-z0-9-]+\\.[a-z]+}")
    @Public
    public Response file(@PathParam("name") String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(ext);
        if (type == null) {
            throw new NotFoundException();
        }
        try (InputStream in = StaticFiles.class.getResourceAsStream("/panel-static/" + name)) {
            if (in == null) {
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
