package io.smarthost.panel.host.web.pages;

import io.smarthost.panel.api.MenuPlace;
import io.smarthost.panel.api.View;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.store.DbPanelSettings;
import io.smarthost.panel.host.web.Navigation;
import io.smarthost.panel.host.web.RequestState;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@code /tools}: Tools &amp; Settings (admins): plugins' entries by section, extensions, panel settings, panel.ini health. */
@Path("tools")
@Produces(MediaType.TEXT_HTML)
public final class ToolsPage {

    private final Panel panel;
    private final Navigation navigation;

    public ToolsPage(Panel panel, Navigation navigation) {
        this.panel = panel;
        this.navigation = navigation;
    }

    @GET
    public View tools(@Context ContainerRequestContext request) {
        RequestState state = RequestState.of(request);
        var user = state.user().orElseThrow();
        var localized = new io.smarthost.panel.api.PanelUser(user.login(), user.role(), java.util.Locale.forLanguageTag(state.lang()));
        Map<String, Object> model = new HashMap<>();
        model.put("sections", navigation.sections(MenuPlace.TOOLS_AND_SETTINGS, localized, Optional.empty(), null));
        model.put("plugins", panel.plugins().getPlugins().stream().map(p -> Map.of("id", p.getPluginId(),
                "version", p.getDescriptor().getVersion(), "provider", String.valueOf(p.getDescriptor().getProvider()),
                "state", p.getPluginState().toString(), "file", p.getPluginPath().getFileName().toString())).toList());
        model.put("pluginProblems", panel.plugins().problems().stream()
                .map(p -> p.file().getFileName() + ": " + p.reason()).toList());
        model.put("restricted", panel.settings().restrictedMode());
        IniProblemsBlock.addTo(model, panel);
        return new View("tools.ftlh", "tools.title", model);
    }

    @POST
    @Path("restricted-mode")
    public Response restrictedMode(@FormParam("enabled") String enabled) {
        panel.settings().set(DbPanelSettings.RESTRICTED_MODE, String.valueOf("true".equals(enabled) || "on".equals(enabled)));
        panel.services("panel").actionLog().record("settings.changed", DbPanelSettings.RESTRICTED_MODE, Map.of("value", String.valueOf(panel.settings().restrictedMode())));
        return Response.seeOther(URI.create("/tools")).build();
    }
}
