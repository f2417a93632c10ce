package io.smarthost.panel.host.web.api;

import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.web.RequestState;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * The host's own REST API under {@code /api/v2}: {@code GET /server} (admins), {@code GET /domains}
 * (customers see their own), {@code GET /domains/{domain}}.
 */
@Path("api/v2")
@Produces(MediaType.APPLICATION_JSON)
public final class HostApi {

    private final Panel panel;

    public HostApi(Panel panel) {
        this.panel = panel;
    }

    /** Facts about the panel. */
    public record ServerInfo(String version, boolean restrictedMode, long domains, List<String> plugins) {
    }

    @GET
    @Path("server")
    public ServerInfo server() {
        return new ServerInfo(Panel.version(), panel.settings().restrictedMode(), panel.domains().count(),
                panel.plugins().getStartedPlugins().stream().map(p -> p.getPluginId()).toList());
    }

    @GET
    @Path("domains")
    @Access(Role.CUSTOMER)
    public Map<String, Object> domains(@QueryParam("filter") @DefaultValue("") String filter,
                                       @QueryParam("offset") @DefaultValue("0") int offset,
                                       @QueryParam("limit") @DefaultValue("100") int limit,
                                       @Context ContainerRequestContext request) {
        var user = RequestState.of(request).user().orElseThrow();
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit: must be between 1 and 1000");
        }
        if (user.role() == Role.ADMIN) {
            var page = panel.domains().list(filter, offset, limit);
            return Map.of("items", page.items(), "total", page.total());
        }
        List<Domain> own = panel.domains().ownedBy(user.login()).stream().filter(d -> d.name().contains(filter)).toList();
        return Map.of("items", own, "total", own.size());
    }

    @GET
    @Path("domains/{domain}")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public Domain domain(@Context ContainerRequestContext request) {
        return RequestState.of(request).domain().orElseThrow();
    }
}
