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
import io.smarthost.panel.api.CustomerPermission;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.host.plugins.Contribution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
        model.putAll(permissions(java.util.Locale.forLanguageTag(state.lang())));
        return new View("tools.ftlh", "tools.title", model);
    }

    /** The customers and what each may use, for the allow/deny boxes (empty when no plugin declares a permission). */
    private Map<String, Object> permissions(java.util.Locale locale) {
        List<Contribution<CustomerPermission>> declared = panel.plugins().contributions(CustomerPermission.class);
        List<Map<String, Object>> columns = new ArrayList<>();
        for (Contribution<CustomerPermission> c : declared) {
            String key = c.extension().labelKey();
            String label = key.isEmpty() ? c.extension().name() : panel.services(c.pluginId()).messages().get(locale, key);
            columns.add(Map.of("name", c.extension().name(), "label", label, "byDefault", c.extension().allowedByDefault()));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (var user : panel.users().list()) {
            if (user.role() != Role.CUSTOMER || declared.isEmpty()) {
                continue;
            }
            Map<String, Object> allowed = new HashMap<>();
            for (Contribution<CustomerPermission> c : declared) {
                allowed.put(c.extension().name(), panel.settings().customerPermission(user.login(), c.extension().name())
                        .orElseGet(c.extension()::allowedByDefault));
            }
            rows.add(Map.of("login", user.login(), "allowed", allowed));
        }
        return Map.of("permissions", columns, "customers", rows);
    }

    /**
     * The allow/deny boxes of one customer: {@code login}, {@code shown} (each permission the form showed)
     * and one {@code on} field per ticked permission; the same as {@code panel bin user --update}.
     */
    @POST
    @Path("permissions")
    public Response permissions(jakarta.ws.rs.core.MultivaluedMap<String, String> form) {
        String login = String.valueOf(form.getFirst("login"));
        var user = panel.users().find(login).filter(u -> u.role() == Role.CUSTOMER)
                .orElseThrow(() -> new IllegalArgumentException("login: no customer named '" + login + "'"));
        java.util.Set<String> declared = new java.util.HashSet<>();
        panel.plugins().extensionsOf(CustomerPermission.class).forEach(p -> declared.add(p.name()));
        for (String name : form.getOrDefault("shown", List.of())) {
            if (!declared.contains(name)) {
                throw new IllegalArgumentException("shown: no plugin declares the permission '" + name + "'");
            }
            boolean allowed = "on".equals(form.getFirst(name));
            panel.settings().setCustomerPermission(user.login(), name, allowed);
            panel.services("panel").actionLog().record("user.permission.changed", user.login(), Map.of(name, String.valueOf(allowed)));
        }
        return Response.seeOther(URI.create("/tools?saved=permissions#permissions")).build();
    }

    @POST
    @Path("restricted-mode")
    public Response restrictedMode(@FormParam("enabled") String enabled) {
        panel.settings().set(DbPanelSettings.RESTRICTED_MODE, String.valueOf("true".equals(enabled) || "on".equals(enabled)));
        panel.services("panel").actionLog().record("settings.changed", DbPanelSettings.RESTRICTED_MODE, Map.of("value", String.valueOf(panel.settings().restrictedMode())));
        return Response.seeOther(URI.create("/tools")).build();
    }
}
