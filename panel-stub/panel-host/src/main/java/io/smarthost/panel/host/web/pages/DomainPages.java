package io.smarthost.panel.host.web.pages;

import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.MenuPlace;
import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.Punycode;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.View;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.web.Navigation;
import io.smarthost.panel.host.web.RequestState;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /domains}: the list (customers: their own), one domain's page with its Mail tab, create and delete (admins). */
@Path("domains")
@Produces(MediaType.TEXT_HTML)
public final class DomainPages {

    private static final int PAGE = 25;
    private final Panel panel;
    private final Navigation navigation;

    public DomainPages(Panel panel, Navigation navigation) {
        this.panel = panel;
        this.navigation = navigation;
    }

    /** How many matching domains the list counts past its page ("more than" beyond). */
    static final long COUNTED_BEYOND_PAGE = 10_000;

    @GET
    @Access(Role.CUSTOMER)
    public View list(@QueryParam("filter") @DefaultValue("") String filter, @QueryParam("page") @DefaultValue("1") int page,
                     @Context ContainerRequestContext request) {
        var user = RequestState.of(request).user().orElseThrow();
        boolean admin = user.role() == Role.ADMIN;
        Map<String, Object> model = new HashMap<>();
        int current = Math.max(1, page);
        if (admin) {
            // counted up to 10,000 past the page: the first page costs the same with 1,000 or 100,000 domains
            long countLimit = (long) current * PAGE + COUNTED_BEYOND_PAGE;
            PageResult<Domain> result = panel.domains().list(filter, (current - 1) * PAGE, PAGE, countLimit);
            model.put("domains", rows(result.items()));
            model.put("total", result.total());
            boolean more = result.total() >= countLimit;
            model.put("totalMore", more);
            // past the count, the pages known to be full: "Page 1 of more than 400" (it said "of 401", and on page 401
            // "of 801")
            model.put("pages", more ? Math.max(1, (result.total() - 1) / PAGE) : Math.max(1, (result.total() + PAGE - 1) / PAGE));
            model.put("pagesMore", more);
        } else {
            var own = panel.domains().ownedBy(user.login(), filter);
            model.put("domains", rows(own));
            model.put("total", own.size());
            model.put("totalMore", false);
            model.put("pages", 1);
            model.put("pagesMore", false);
        }
        model.put("page", current);
        model.put("filter", filter);
        model.put("admin", admin);
        if (admin) {
            model.put("owners", panel.users().list().stream().map(u -> u.login()).toList());
        }
        return new View("domains.ftlh", "domains.title", model);
    }

    /**
     * A domain as the pages show it: its name in Unicode ({@code xn--bcher-kva.example}: bücher.example; the link
     * keeps the ASCII form), and its aliases.
     */
    public record Row(String name, String shown, String owner, String aliases) {
        static Row of(Domain d) {
            return new Row(d.name(), Punycode.toUnicode(d.name()), d.owner(), String.join(", ", d.aliases().stream()
                    .map(Row::alias).toList()));
        }

        /** An alias as people read it; one with a Unicode form has its ASCII form in brackets after it. */
        private static String alias(String ascii) {
            String shown = Punycode.toUnicode(ascii);
            return shown.equals(ascii) ? ascii : shown + " (" + ascii + ")";
        }
    }

    private static List<Row> rows(List<Domain> domains) {
        return domains.stream().map(Row::of).toList();
    }

    @POST
    public Response create(@FormParam("name") String name, @FormParam("owner") String owner) {
        var change = panel.domainManager().create(name, owner == null || owner.isBlank() ? "admin" : owner);
        return Response.seeOther(URI.create("/domains/" + URLEncoder.encode(change.domain().name(), StandardCharsets.UTF_8))).build();
    }

    @GET
    @Path("{domain}")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public View show(@Context ContainerRequestContext request) {
        RequestState state = RequestState.of(request);
        Domain domain = state.domain().orElseThrow();
        var user = state.user().orElseThrow().toPanelUser();
        var localized = new io.smarthost.panel.api.PanelUser(user.login(), user.role(), java.util.Locale.forLanguageTag(state.lang()));
        Map<String, Object> model = new HashMap<>();
        model.put("mailTab", navigation.sections(MenuPlace.DOMAIN_MAIL, localized, Optional.of(domain), null));
        model.put("records", panel.dns().records(domain.name()));
        model.put("row", Row.of(domain));
        model.put("admin", user.isAdmin());
        return new View("domain.ftlh", "domain.title", model);
    }

    @POST
    @Path("{domain}/delete")
    @Access(domainParam = "domain")
    public Response delete(@PathParam("domain") String name) {
        panel.domainManager().delete(name);
        return Response.seeOther(URI.create("/domains")).build();
    }
}
