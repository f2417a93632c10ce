package io.smarthost.ui.rest;

import io.smarthost.core.delivery.DeliveryRuntime;
import io.smarthost.core.delivery.MtaTests;
import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.RestExtension;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.delivery.MtaTestJson;
import io.smarthost.ui.delivery.MtaTestStart;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Test messages through the mail server, under {@code /api/v2/plugins/smarthost}:
 *
 * <pre>
 * POST server/mta-tests                  {"from": ..., "to": ...}: 202, Location (admin)
 * GET  server/mta-tests/{id}             its state now (admin)
 * POST domains/{domain}/mta-tests        {"to": ..., "from"?: an address of the domain or an alias; default postmaster@domain}
 * GET  domains/{domain}/mta-tests/{id}   (the domain's owner or an admin)
 * </pre>
 *
 * The message is handed to the configured mail server (Postfix: its {@code sendmail -C DIR}) and followed through
 * its log by queue id; poll the GET (e.g. every second) until {@code "done": true}. One test at a time per server or
 * domain (409 with the running one's {@code Location}); results are kept 15 minutes (then 404). A test of another
 * scope's id answers 404.
 */
@Extension
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.ADMIN)
public class MtaTestRest extends Routes implements RestExtension {
    static final Set<String> FIELDS = Set.of("from", "to");

    public MtaTestRest(HostServices host) {
        super(host);
    }

    @Override
    public Object resource() {
        return this;
    }

    @Override
    public boolean visible(RequestContext context) {
        return gate.someLevel();
    }

    @POST
    @Path("server/mta-tests")
    public Response startServer(String body) {
        if (!gate.serverLevel()) {
            throw new NotFoundException();
        }
        RelayBody b = RelayBody.parse(body, FIELDS);
        String from = b.text("from");
        String to = b.text("to");
        b.requireValid();
        return start(MtaTestStart.forServer(from, to), "/api/v2/plugins/smarthost/server/mta-tests/");
    }

    @GET
    @Path("server/mta-tests/{id}")
    public MtaTestJson server(@PathParam("id") String id) {
        if (!gate.serverLevel()) {
            throw new NotFoundException();
        }
        return view("server", id);
    }

    @POST
    @Path("domains/{domain}/mta-tests")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public Response startDomain(@PathParam("domain") String domain, String body) {
        String name = domainName(domain);
        RelayBody b = RelayBody.parse(body, FIELDS);
        String from = b.text("from");
        String to = b.text("to");
        b.requireValid();
        MtaTestStart start = call(() -> MtaTestStart.forDomain(host, name, from, to));
        return start(start, "/api/v2/plugins/smarthost/domains/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "/mta-tests/");
    }

    @GET
    @Path("domains/{domain}/mta-tests/{id}")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public MtaTestJson domain(@PathParam("domain") String domain, @PathParam("id") String id) {
        return view("@" + domainName(domain), id);
    }

    private String domainName(String typed) {
        if (!gate.domainLevel()) {
            throw new NotFoundException();
        }
        return host.currentRequest().flatMap(RequestContext::domain).map(Domain::name)
                .or(() -> host.domains().find(typed).map(Domain::name)).orElseThrow(NotFoundException::new);
    }

    private Response start(MtaTestStart start, String base) {
        MtaTests.Snapshot s;
        try {
            s = call(() -> start.run(DeliveryRuntime.mtaTests(host)));
        } catch (MtaTests.Refused e) {
            if (e.reason.equals("busy")) {
                return Response.status(409).type(MediaType.APPLICATION_JSON_TYPE).location(URI.create(base + e.runningId))
                        .entity(java.util.Map.of("errors", java.util.List.of(new ApiErrors.Error(null, e.getMessage())))).build();
            }
            throw ApiErrors.failure(e.reason.equals("full") ? 429 : 501, null, e.getMessage());
        }
        host.actionLog().record("smarthost.mtaTest.started", s.scope().startsWith("@") ? s.scope().substring(1) : "server",
                java.util.Map.of("to", s.to(), "from", s.from()));
        return Response.status(202).location(URI.create(base + s.id())).entity(json(s)).build();
    }

    private MtaTestJson view(String scope, String id) {
        MtaTests.Snapshot s = DeliveryRuntime.mtaTests(host).get(id).filter(x -> x.scope().equals(scope))
                .orElseThrow(() -> ApiErrors.failure(404, "id", "no test message " + id.replaceAll("[^A-Za-z0-9-]", "?")
                        + " here (results are kept " + MtaTests.KEEP.toMinutes() + " minutes)"));
        return json(s);
    }

    private MtaTestJson json(MtaTests.Snapshot s) {
        String senderDomain = s.from().substring(s.from().lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
        return MtaTestJson.of(s, service().effectiveFor(senderDomain), admin(), host.messages(), locale(), Instant.now());
    }
}
