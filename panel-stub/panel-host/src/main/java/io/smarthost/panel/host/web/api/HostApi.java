package io.smarthost.panel.host.web.api;

import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.web.RequestState;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Response;
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
        if (offset < 0) {
            throw new IllegalArgumentException("offset: must be 0 or more"); // it answered 200, the plugin's list 400
        }
        if (user.role() == Role.ADMIN) {
            // counted up to 10,000 past the page ("totalExact": false beyond): page 1 costs the same at any size
            long countLimit = (long) Math.max(0, offset) + limit + 10_000;
            var page = panel.domains().list(filter, offset, limit, countLimit);
            return Map.of("items", page.items(), "total", page.total(), "totalExact", page.total() < countLimit);
        }
        List<Domain> own = panel.domains().ownedBy(user.login(), filter);
        return Map.of("items", own, "total", own.size(), "totalExact", true);
    }

    /**
     * Strict as every body the host binds ({@link io.smarthost.panel.host.json.StrictJson}): each field once and
     * nothing after the value. A plain mapper let {@code {"domains":[...],"domains":[...]}} create the second list
     * only, and took a body with anything after its JSON.
     */
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = io.smarthost.panel.host.json.StrictJson.mapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HostApi.class);
    private static final String SHAPE = "give {\"domains\": [{\"name\": \"example.com\", \"owner\": \"alice\"}]}";

    /**
     * Creates domains (admins): {@code {"domains": [{"name": "a.example", "owner": "alice"}, ...]}}, or one
     * as {@code {"name": ..., "owner": ...}}. Every item is checked first: a problem anywhere creates
     * nothing (400, one error per item, field {@code domains[N].name}, N from 0). Otherwise 201
     * {@code {"created": N}}: written 1,000 per transaction, the DNS template applied, listeners told.
     * {@code "skipExisting": true} counts an item whose domain is there already with the same owner as done
     * ({@code "skipped": N}), so that a request that failed part-way can be sent again as it was.
     */
    @POST
    @Path("domains")
    @Access(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var problem = io.smarthost.panel.host.json.StrictJson.problem(e).orElseGet(() ->
                    new io.smarthost.panel.host.json.StrictJson.Problem("body", "malformed JSON" + io.smarthost.panel.host.json.StrictJson.at(e)));
            return io.smarthost.panel.host.web.JsonErrors.response(400, problem.field(),
                    problem.message().startsWith("malformed JSON") ? "the body is not valid JSON"
                            + io.smarthost.panel.host.json.StrictJson.at(e) + ": " + SHAPE : problem.message());
        }
        if (root == null || !root.isObject()) {
            return io.smarthost.panel.host.web.JsonErrors.response(400, null, SHAPE);
        }
        com.fasterxml.jackson.databind.JsonNode skip = root.path("skipExisting");
        if (!skip.isMissingNode() && !skip.isBoolean()) {
            return io.smarthost.panel.host.web.JsonErrors.response(400, "skipExisting", "must be true or false");
        }
        boolean one = !root.has("domains");
        com.fasterxml.jackson.databind.JsonNode items = one ? JSON.createArrayNode().add(root) : root.get("domains");
        if (!items.isArray() || items.isEmpty()) {
            return io.smarthost.panel.host.web.JsonErrors.response(400, "domains", "give at least one {\"name\": ..., \"owner\": ...}");
        }
        java.util.List<io.smarthost.panel.host.domains.DomainManager.NewDomain> lines = new java.util.ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            com.fasterxml.jackson.databind.JsonNode item = items.get(i);
            lines.add(new io.smarthost.panel.host.domains.DomainManager.NewDomain(i + 1,
                    item.path("name").isTextual() ? item.path("name").asText() : "",
                    item.path("owner").isTextual() ? item.path("owner").asText() : ""));
        }
        io.smarthost.panel.host.domains.DomainManager.Batch batch;
        try {
            batch = panel.domainManager().createAll(lines, skip.asBoolean(false), List.of(), done -> { });
        } catch (io.smarthost.panel.host.domains.DomainManager.PartlyCreated e) {
            // not the usual 500 ("nothing was changed"): the domains of the committed transactions are there
            String ref = Long.toHexString(System.nanoTime());
            LOG.error("POST /api/v2/domains failed after {} of {} domains were created (ref {})", e.created(), e.total(), ref, e.getCause());
            return io.smarthost.panel.host.web.JsonErrors.response(500, null, e.created() + " of " + e.total()
                    + " domains were created before a failure (ref " + ref + " in the panel log); send the same body with"
                    + " \"skipExisting\": true to create the rest");
        }
        if (!batch.problems().isEmpty()) {
            List<Map<String, Object>> errors = batch.problems().stream().limit(1000).map(p -> io.smarthost.panel.host.web.JsonErrors.error(
                    one ? p.problem().substring(0, Math.max(0, p.problem().indexOf(':'))) : "domains[" + (p.line() - 1) + "]",
                    p.problem())).toList();
            return io.smarthost.panel.host.web.JsonErrors.response(400, errors);
        }
        return Response.status(201).entity(Map.of("created", batch.created(), "skipped", batch.skipped(),
                "warnings", batch.warnings())).build();
    }

    @GET
    @Path("domains/{domain}")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public Domain domain(@Context ContainerRequestContext request) {
        return RequestState.of(request).domain().orElseThrow();
    }
}
