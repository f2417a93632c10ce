package io.smarthost.ui.web;

import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.check.Requester;
import io.smarthost.core.relay.Scope;
import io.smarthost.panel.api.PageExtension;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.View;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.BackendForms;
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
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Tools &amp; Settings &gt; Mail &gt; Smarthost, under {@code /plugins/smarthost/server} (admin):
 * {@code GET}, {@code POST} (Check connection or OK, field {@code action}), {@code POST …/repair}, {@code …/srs},
 * {@code …/test-mail}, {@code …/spf} and {@code …/BACKEND_ID} (the settings a backend needs, e.g.
 * {@code …/smartermail}: see {@link BackendSettingsCard}). The host checks the role and the CSRF
 * token, and hides every route (404) while {@code [mail] smarthost.server.enabled = false} or restricted
 * mode hides the server level ({@link #visible}), before these run.
 */
@Extension
public class ServerSmarthostPage implements PageExtension {
    static final String TITLE = "smarthost.server.title";

    private final PageRuntime rt;
    private final RelayPage page;
    private final MtaTestPage mtaTest;

    public ServerSmarthostPage(HostServices host) {
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
        return rt.gate().serverLevel();
    }

    @GET
    @Path("server")
    @Produces(MediaType.TEXT_HTML)
    public View show(@QueryParam("spf") String spf) {
        return page.show(target(), TITLE, "check".equals(spf));
    }

    @POST
    @Path("server")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public View save(MultivaluedMap<String, String> form) {
        return page.post(target(), TITLE, form);
    }

    @POST
    @Path("server/repair")
    @Produces(MediaType.TEXT_HTML)
    public View repair() {
        return page.repair(target(), TITLE);
    }

    /** The SRS switch (field {@code srs}: {@code on} or {@code off}). */
    @POST
    @Path("server/srs")
    @Produces(MediaType.TEXT_HTML)
    public View srs(@FormParam("srs") String value) {
        return page.srs(target(), TITLE, value);
    }

    @POST
    @Path("server/test-mail")
    @Produces(MediaType.TEXT_HTML)
    public View testMail(@FormParam("from") String from, @FormParam("to") String to) {
        return page.testMail(target(), TITLE, from, to);
    }

    /** "Send through the mail server": starts the test and answers 303 to its live page. */
    @POST
    @Path("server/mta-test")
    @Produces(MediaType.TEXT_HTML)
    public jakarta.ws.rs.core.Response mtaTest(@FormParam("from") String from, @FormParam("to") String to) {
        return mtaTest.start(target(), TITLE, from, to);
    }

    /** The test's live page (refreshes itself until the relay answered). */
    @GET
    @Path("server/mta-test/{id}")
    @Produces(MediaType.TEXT_HTML)
    public View mtaTestResult(@PathParam("id") String id) {
        return mtaTest.show(target(), TITLE, id);
    }

    @POST
    @Path("server/retry")
    @Produces(MediaType.TEXT_HTML)
    public View retry(@FormParam("queueId") String queueId) {
        return page.retry(target(), TITLE, queueId);
    }

    @POST
    @Path("server/spf")
    @Produces(MediaType.TEXT_HTML)
    public View spf(@FormParam("action") String action, @FormParam("include") String include) {
        return page.spf(target(), TITLE, action, include);
    }

    /**
     * The settings a backend needs besides the relays ({@code POST …/server/smartermail}), for the installed
     * backend of that id that has some; any other id is a route that does not exist (404). Runs while the
     * request is matched, before the host's checks: it only looks the backend up.
     */
    @Path("server/{backend}")
    public BackendSettingsRoute backendSettings(@PathParam("backend") String id) {
        return BackendForms.named(rt.host(), id).map(BackendSettingsRoute::new).orElseThrow(NotFoundException::new);
    }

    /** The form of one backend's settings card. */
    public final class BackendSettingsRoute {
        private final MailBackend backend;

        BackendSettingsRoute(MailBackend backend) {
            this.backend = backend;
        }

        @POST
        @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
        @Produces(MediaType.TEXT_HTML)
        public View save(MultivaluedMap<String, String> form) {
            return page.backendSettings(target(), TITLE, backend, form);
        }
    }

    private RelayTarget target() {
        RequestContext r = rt.request();
        return new RelayTarget(Scope.SERVER, Optional.empty(), Requester.admin(r.user().login()), r.user().login(), true,
                "/plugins/smarthost/server", "/tools");
    }
}
