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
 * Domain &gt; Mail &gt; Smarthost, under {@code /plugins/smarthost/domains/{domain}} (admin and the
 * domain's owner): {@code GET}, {@code POST} (Check connection, OK or "Use the server-wide settings",
 * field {@code action}), {@code POST …/test-mail} and {@code …/spf}. The host checks the role, the
 * domain's owner and the CSRF token, and hides every route (404) while
 * {@code [mail] smarthost.domain.enabled = false} or restricted mode hides the domain level
 * ({@link #visible}), before these run.
 */
@Extension
@Access(value = Role.CUSTOMER, domainParam = "domain")
public class DomainSmarthostPage implements PageExtension {
    static final String TITLE = "smarthost.domain.title";

    private final PageRuntime rt;
    private final RelayPage page;
    private final MtaTestPage mtaTest;

    public DomainSmarthostPage(HostServices host) {
        this.rt = PageRuntime.of(host);
        this.page = new RelayPage(rt);
        this.mtaTest = new MtaTestPage(rt);
    }

    @Override
    public Object resource() {
        return this;
    }

    @Override
    public boolean visible(RequestContext context) {
        return rt.gate().domainLevel(context);
    }

    @GET
    @Path("domains/{domain}")
    @Produces(MediaType.TEXT_HTML)
    public View show(@PathParam("domain") String domain, @QueryParam("spf") String spf) {
        return page.show(target(), TITLE, "check".equals(spf));
    }

    @POST
    @Path("domains/{domain}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public View save(@PathParam("domain") String domain, MultivaluedMap<String, String> form) {
        RelayTarget t = target();
        if ("remove".equals(form.getFirst("action"))) {
            // deletes the settings and the stored password: only once the reader confirmed it
            return "yes".equals(form.getFirst("confirm")) ? page.remove(t, TITLE, form) : page.confirmRemove(t, TITLE);
        }
        return page.post(t, TITLE, form);
    }

    @POST
    @Path("domains/{domain}/test-mail")
    @Produces(MediaType.TEXT_HTML)
    public View testMail(@PathParam("domain") String domain, @FormParam("from") String from, @FormParam("to") String to) {
        return page.testMail(target(), TITLE, from, to);
    }

    /** "Send through the mail server" from an address of this domain: 303 to the test's live page. */
    @POST
    @Path("domains/{domain}/mta-test")
    @Produces(MediaType.TEXT_HTML)
    public jakarta.ws.rs.core.Response mtaTest(@PathParam("domain") String domain, @FormParam("from") String from,
                                               @FormParam("to") String to) {
        return mtaTest.start(target(), TITLE, from, to);
    }

    /** The test's live page; another domain's test is not found here (404). */
    @GET
    @Path("domains/{domain}/mta-test/{id}")
    @Produces(MediaType.TEXT_HTML)
    public View mtaTestResult(@PathParam("domain") String domain, @PathParam("id") String id) {
        return mtaTest.show(target(), TITLE, id);
    }

    @POST
    @Path("domains/{domain}/spf")
    @Produces(MediaType.TEXT_HTML)
    public View spf(@PathParam("domain") String domain, @FormParam("action") String action,
                    @FormParam("include") String include) {
        return page.spf(target(), TITLE, action, include);
    }

    /** "Retry now" on the domain's delivery card: admins only (a customer's mail waits for the mail server's own retry). */
    @POST
    @Path("domains/{domain}/retry")
    @Access(value = Role.ADMIN, domainParam = "domain")
    @Produces(MediaType.TEXT_HTML)
    public View retry(@PathParam("domain") String domain, @FormParam("queueId") String queueId) {
        return page.retry(target(), TITLE, queueId);
    }

    private RelayTarget target() {
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
