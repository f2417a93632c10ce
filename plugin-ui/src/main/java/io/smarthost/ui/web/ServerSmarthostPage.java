package io.smarthost.ui.web;

import io.smarthost.core.check.Requester;
import io.smarthost.core.relay.Scope;
import io.smarthost.panel.api.PageExtension;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.View;
import io.smarthost.panel.api.services.HostServices;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Tools &amp; Settings &gt; Mail &gt; Smarthost, under {@code /plugins/smarthost/server} (admin):
 * {@code GET}, {@code POST} (Check connection or OK, field {@code action}), {@code POST …/repair},
 * {@code …/test-mail}, {@code …/spf} and {@code …/smartermail}. The host checks the role and the CSRF
 * token, and hides every route (404) while {@code [mail] smarthost.server.enabled = false} or restricted
 * mode hides the server level ({@link #visible}), before these run.
 */
@Extension
public class ServerSmarthostPage implements PageExtension {
    static final String TITLE = "smarthost.server.title";

    private final PageRuntime rt;
    private final RelayPage page;

    public ServerSmarthostPage(HostServices host) {
        this.rt = PageRuntime.of(host);
        this.page = new RelayPage(rt);
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

    @POST
    @Path("server/test-mail")
    @Produces(MediaType.TEXT_HTML)
    public View testMail(@FormParam("from") String from, @FormParam("to") String to) {
        return page.testMail(target(), TITLE, from, to);
    }

    @POST
    @Path("server/spf")
    @Produces(MediaType.TEXT_HTML)
    public View spf(@FormParam("action") String action, @FormParam("include") String include) {
        return page.spf(target(), TITLE, action, include);
    }

    @POST
    @Path("server/smartermail")
    @Produces(MediaType.TEXT_HTML)
    public View smarterMail(@FormParam("url") String url, @FormParam("username") String username,
                            @FormParam("password") String password) {
        return page.smarterMail(target(), TITLE, url, username, password);
    }

    private RelayTarget target() {
        RequestContext r = rt.request();
        return new RelayTarget(Scope.SERVER, Optional.empty(), Requester.admin(r.user().login()), r.user().login(), true,
                "/plugins/smarthost/server", "/tools");
    }
}
