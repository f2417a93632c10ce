package io.smarthost.panel.host.web.pages;

import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.HealthCheck;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.View;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.services.DbActionLog;
import io.smarthost.panel.host.web.RequestState;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code /}: the dashboard (counts, the user's domains, for admins the panel's health and recent actions). */
@Path("")
@Produces(MediaType.TEXT_HTML)
public final class DashboardPage {

    private final Panel panel;

    public DashboardPage(Panel panel) {
        this.panel = panel;
    }

    @GET
    @Access(Role.CUSTOMER)
    public View dashboard(@Context ContainerRequestContext request) {
        var user = RequestState.of(request).user().orElseThrow();
        boolean admin = user.role() == Role.ADMIN;
        Map<String, Object> model = new HashMap<>();
        List<Domain> domains = admin ? panel.domains().list("", 0, 8).items() : panel.domains().ownedBy(user.login());
        model.put("domains", domains);
        model.put("domainCount", admin ? panel.domains().count() : domains.size());
        model.put("admin", admin);
        if (admin) {
            model.put("userCount", panel.users().list().size());
            model.put("plugins", panel.plugins().getPlugins().stream().map(p -> Map.of("id", p.getPluginId(),
                    "version", p.getDescriptor().getVersion(), "state", p.getPluginState().toString().toLowerCase(java.util.Locale.ROOT))).toList());
            model.put("pluginProblems", panel.plugins().problems().stream()
                    .map(p -> p.file().getFileName() + ": " + p.reason()).toList());
            IniProblemsBlock.addTo(model, panel);
            model.put("healthProblems", healthProblems(java.util.Locale.forLanguageTag(RequestState.of(request).lang())));
            // the time as the reader's language writes it (5 déc. 2026, 11:30:00 / Dec 5, 2026, 11:30:00 AM)
            java.time.format.DateTimeFormatter when = java.time.format.DateTimeFormatter
                    .ofLocalizedDateTime(java.time.format.FormatStyle.MEDIUM)
                    .withLocale(java.util.Locale.forLanguageTag(RequestState.of(request).lang()))
                    .withZone(java.time.ZoneId.systemDefault());
            model.put("actions", DbActionLog.latest(panel.jdbc(), 8).stream().map(e -> Map.of("at", when.format(e.at()),
                    "actor", e.actor(), "action", e.action(), "target", e.target())).toList());
            model.put("restricted", panel.settings().restrictedMode());
        }
        return new View("dashboard.ftlh", "dashboard.title", model);
    }

    /**
     * What the plugins' {@link HealthCheck}s report, each line with the check's name (the page puts them
     * together as the reader's language does: {@code Smarthost: …}, {@code Smarthost : …}).
     */
    private List<Map<String, String>> healthProblems(java.util.Locale locale) {
        List<Map<String, String>> out = new java.util.ArrayList<>();
        for (var c : panel.plugins().contributions(HealthCheck.class)) {
            String name = c.pluginId();
            try {
                name = c.extension().name();
                for (String p : c.extension().problems(locale)) {
                    out.add(Map.of("name", name, "text", p));
                }
            } catch (RuntimeException | LinkageError e) {
                out.add(Map.of("name", name, "text", String.valueOf(e.getMessage())));
            }
        }
        return out;
    }
}
