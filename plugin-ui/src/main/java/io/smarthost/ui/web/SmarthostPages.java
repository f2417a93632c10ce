package io.smarthost.ui.web;

import io.smarthost.core.check.Requester;
import io.smarthost.core.relay.Scope;
import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.PageExtension;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.View;
import io.smarthost.panel.api.services.HostServices;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The smarthost forms, under {@code /plugins/smarthost/}:
 * <ul>
 *   <li>{@code server} (admin): Tools &amp; Settings &gt; Mail &gt; Smarthost; hidden (404) when
 *       {@code [mail] smarthost.server.enabled = false} or in restricted mode.</li>
 *   <li>{@code domains/{domain}} (admin and the domain's owner): Domain &gt; Mail &gt; Smarthost; hidden
 *       when {@code smarthost.domain.enabled = false} or in restricted mode.</li>
 * </ul>
 * Each has {@code POST} (Check connection or OK, field {@code action}), {@code POST …/test-mail} and
 * {@code POST …/spf}. The host checks the role, the domain's owner and the CSRF token before these run.
 */
@Extension
public class SmarthostPages implements PageExtension {
    static final String SERVER_TITLE = "smarthost.server.title";
    static final String DOMAIN_TITLE = "smarthost.domain.title";

    private final PageRuntime rt;
    private final RelayPage page;

    public SmarthostPages(HostServices host) {
        this.rt = PageRuntime.of(host);
        this.page = new RelayPage(rt);
    }

    @Override
    public Object resource() {
        return this;
    }

    // ---- server ------------------------------------------------------------------------------

    @GET
    @Path("server")
    @Produces(MediaType.TEXT_HTML)
    public View server(@QueryParam("spf") String spf) {
        rt.gate().requireServerLevel();
        return page.show(serverTarget(), SERVER_TITLE, "check".equals(spf));
    }

    @POST
    @Path("server")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public View saveServer(MultivaluedMap<String, String> form) {
        rt.gate().requireServerLevel();
        return page.post(serverTarget(), SERVER_TITLE, form);
    }

    @POST
    @Path("server/repair")
    @Produces(MediaType.TEXT_HTML)
    public View serverRepair() {
        rt.gate().requireServerLevel();
        return page.repair(serverTarget(), SERVER_TITLE);
    }

    @POST
    @Path("server/test-mail")
    @Produces(MediaType.TEXT_HTML)
    public View serverTestMail(@FormParam("from") String from, @FormParam("to") String to) {
        rt.gate().requireServerLevel();
        return page.testMail(serverTarget(), SERVER_TITLE, from, to);
    }

    @POST
    @Path("server/spf")
    @Produces(MediaType.TEXT_HTML)
    public View serverSpf(@FormParam("action") String action, @FormParam("include") String include) {
        rt.gate().requireServerLevel();
        return page.spf(serverTarget(), SERVER_TITLE, action, include);
    }

    @POST
    @Path("server/smartermail")
    @Produces(MediaType.TEXT_HTML)
    public View serverSmarterMail(@FormParam("url") String url, @FormParam("username") String username,
                                  @FormParam("password") String password) {
        rt.gate().requireServerLevel();
        return page.smarterMail(serverTarget(), SERVER_TITLE, url, username, password);
    }

    // ---- domain ------------------------------------------------------------------------------

    @GET
    @Path("domains/{domain}")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    @Produces(MediaType.TEXT_HTML)
    public View domain(@PathParam("domain") String domain, @QueryParam("spf") String spf) {
        rt.gate().requireDomainLevel();
        return page.show(domainTarget(), DOMAIN_TITLE, "check".equals(spf));
    }

    @POST
    @Path("domains/{domain}")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public View saveDomain(@PathParam("domain") String domain, MultivaluedMap<String, String> form) {
        rt.gate().requireDomainLevel();
        RelayTarget t = domainTarget();
        if ("remove".equals(form.getFirst("action"))) {
            return page.remove(t, DOMAIN_TITLE);
        }
        return page.post(t, DOMAIN_TITLE, form);
    }

    @POST
    @Path("domains/{domain}/test-mail")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    @Produces(MediaType.TEXT_HTML)
    public View domainTestMail(@PathParam("domain") String domain, @FormParam("from") String from, @FormParam("to") String to) {
        rt.gate().requireDomainLevel();
        return page.testMail(domainTarget(), DOMAIN_TITLE, from, to);
    }

    @POST
    @Path("domains/{domain}/spf")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    @Produces(MediaType.TEXT_HTML)
    public View domainSpf(@PathParam("domain") String domain, @FormParam("action") String action,
                          @FormParam("include") String include) {
        rt.gate().requireDomainLevel();
        return page.spf(domainTarget(), DOMAIN_TITLE, action, include);
    }

    // ---- targets -----------------------------------------------------------------------------

    private RelayTarget serverTarget() {
        RequestContext r = rt.request();
        return new RelayTarget(Scope.SERVER, Optional.empty(), Requester.admin(r.user().login()), r.user().login(), true,
                "/plugins/smarthost/server", "/tools");
    }

    private RelayTarget domainTarget() {
        RequestContext r = rt.request();
        Domain d = r.domain().orElseThrow(NotFoundException::new);
        boolean admin = r.user().isAdmin();
        Requester requester = admin ? Requester.admin(r.user().login())
                : Requester.customer(r.user().login(), rt.gate().domainLevel(), Set.of());
        String url = URLEncoder.encode(d.name(), StandardCharsets.UTF_8);
        return new RelayTarget(Scope.domain(d.name()), Optional.of(d.name()), requester, r.user().login(), admin,
                "/plugins/smarthost/domains/" + url, "/domains/" + url);
    }
}
