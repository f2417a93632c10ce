package io.smarthost.panel.host.extensions;

import io.smarthost.panel.api.View;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.extensions.catalog.CatalogException;
import io.smarthost.panel.host.extensions.catalog.ExtensionInstaller;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /tools/extensions} (admins only: no {@code @Access}): installed plugins with enable, disable
 * and remove; the catalogue with install and update. POSTs carry the session's CSRF token (checked by
 * the host's access filter). A change redirects back with {@code ?done=ACTION&id=ID}; a refusal shows
 * the page again with the reason (HTTP 409).
 */
@Path("tools/extensions")
@Produces(MediaType.TEXT_HTML)
public final class ExtensionsPage {

    private static final Set<String> ACTIONS = Set.of("install", "update", "enable", "disable", "uninstall");
    private final Panel panel;

    public ExtensionsPage(Panel panel) {
        this.panel = panel;
    }

    @GET
    public View page(@QueryParam("done") String done, @QueryParam("id") String id) {
        String notice = done != null && ACTIONS.contains(done) && id != null ? done : null;
        return view(Optional.ofNullable(notice), Optional.ofNullable(id), Optional.empty(), 200);
    }

    @POST
    @Path("{action}")
    public Response change(@jakarta.ws.rs.PathParam("action") String action, @FormParam("id") String id,
                           @FormParam("version") String version) {
        if (!ACTIONS.contains(action)) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        if (id == null || id.isBlank()) {
            return Response.ok(view(Optional.empty(), Optional.empty(), Optional.of("id: choose a plugin"), 400)).build();
        }
        try {
            PanelExtensions extensions = panel.extensions();
            switch (action) {
                case "install" -> extensions.install(id, Optional.ofNullable(version).filter(v -> !v.isBlank()));
                case "update" -> extensions.update(id);
                case "enable" -> extensions.enable(id);
                case "disable" -> extensions.disable(id);
                default -> extensions.uninstall(id);
            }
        } catch (CatalogException e) {
            return Response.ok(view(Optional.empty(), Optional.of(id), Optional.of(e.getMessage()), 409)).build();
        }
        return Response.seeOther(UriBuilder.fromPath("/tools/extensions").queryParam("done", action).queryParam("id", id).build())
                .build();
    }

    private View view(Optional<String> done, Optional<String> id, Optional<String> error, int status) {
        Map<String, Object> model = new HashMap<>();
        model.put("installed", panel.extensions().installed());
        model.put("problems", panel.plugins().problems().stream().map(p -> p.file().getFileName() + ": " + p.reason()).toList());
        model.put("repositories", panel.extensions().repositories().stream().map(Object::toString).toList());
        model.put("restricted", panel.settings().restrictedMode());
        List<ExtensionInstaller.Row> catalog = List.of();
        String catalogError = "";
        if (!panel.extensions().repositories().isEmpty()) {
            try {
                catalog = panel.extensions().catalog();
            } catch (CatalogException e) {
                catalogError = e.getMessage();
            }
        }
        model.put("catalog", catalog);
        model.put("catalogError", catalogError);
        model.put("done", done.orElse(""));
        model.put("doneId", id.orElse(""));
        model.put("error", error.orElse(""));
        return new View("extensions.ftlh", "extensions.title", model, status);
    }
}
