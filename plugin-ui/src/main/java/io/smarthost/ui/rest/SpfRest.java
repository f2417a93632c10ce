package io.smarthost.ui.rest;

import io.smarthost.core.service.DomainRelayRow;
import io.smarthost.core.spf.SpfInclude;
import io.smarthost.core.spf.SpfService;
import io.smarthost.ui.SpfIncludes;
import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.RestExtension;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.services.HostServices;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/**
 * SPF routes under {@code /api/v2/plugins/smarthost/spf}: the status of one domain (its owner too) or of
 * every domain with a relay of its own, applying the include through the panel's DNS, and the DNS
 * template. Part of the domain level: 404 while it is hidden. Status makes live DNS queries.
 */
@Extension
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.ADMIN)
public class SpfRest extends Routes implements RestExtension {
    static final Set<String> INCLUDE_FIELD = Set.of("include");

    public SpfRest(HostServices host) {
        super(host);
    }

    @Override
    public Object resource() {
        return this;
    }

    /** Part of the domain level: hidden with it. */
    @Override
    public boolean visible(RequestContext context) {
        return gate.domainLevel(context);
    }

    /** SPF of one domain for its relay's include (or {@code ?include=}). */
    @GET
    @Path("spf/domains/{domain}")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public SpfSupport.Status status(@PathParam("domain") String domain, @QueryParam("include") String include) {
        return call(() -> SpfSupport.Status.of(spf().status(domain,
                SpfSupport.includeFor(host, domain, blankToEmpty(include))), locale()));
    }

    /** Merges the include into the domain's SPF record in the panel's zone (or says what to publish by hand). */
    @POST
    @Path("spf/domains/{domain}/apply")
    @Access(value = Role.ADMIN, domainParam = "domain")
    public SpfSupport.Outcome apply(@PathParam("domain") String domain, String body) {
        RelayBody b = RelayBody.parse(body, INCLUDE_FIELD);
        String include = b.text("include");
        b.requireValid();
        return call(() -> SpfSupport.Outcome.of(spf().apply(domain,
                SpfSupport.includeFor(host, domain, blankToEmpty(include))), locale()));
    }

    /** Statuses of one page of the domains that have a relay of their own and a known include. */
    @GET
    @Path("spf/domains")
    public SpfSupport.StatusPage statuses(@QueryParam("offset") @DefaultValue("0") String offset,
                                          @QueryParam("limit") @DefaultValue("50") String limit) {
        int from = DomainRest.number("offset", offset, 0, Integer.MAX_VALUE);
        int size = DomainRest.number("limit", limit, 1, DomainRest.MAX_PAGE);
        return call(() -> {
            PageResult<DomainRelayRow> page = service().list("", from, size);
            List<SpfSupport.Status> items = new ArrayList<>();
            List<String> without = new ArrayList<>();
            for (DomainRelayRow row : page.items()) {
                if (!row.settings().active()) {
                    continue;
                }
                try {
                    String include = SpfSupport.includeFor(host, row.domain(), java.util.Optional.empty());
                    items.add(SpfSupport.Status.of(spf().status(row.domain(), include), locale()));
                } catch (IllegalArgumentException e) {
                    without.add(row.domain());
                }
            }
            return new SpfSupport.StatusPage(items, without, page.total(), page.offset(), page.limit());
        });
    }

    /** Merges the include into the DNS template's SPF record, so new domains get it: {@code {"include": "..."}}. */
    @POST
    @Path("spf/template")
    public SpfSupport.Outcome template(String body) {
        String include = requiredInclude(body, "add");
        return call(() -> SpfSupport.Outcome.of(spf().applyTemplate(include), locale()));
    }

    /**
     * Takes the include out of the domain's SPF record (the relay is no longer used): {@code {"include"?}},
     * by default the include of the domain's relay settings (kept when turned off), else the server-wide
     * relay's. 409 while the relay in use still needs it.
     */
    @POST
    @Path("spf/domains/{domain}/remove-include")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public SpfSupport.Outcome removeInclude(@PathParam("domain") String domain, String body) {
        RelayBody b = RelayBody.parse(body, INCLUDE_FIELD);
        String named = b.text("include");
        b.requireValid();
        return call(() -> {
            String include = blankToEmpty(named).map(SpfRest::includeField)
                    .or(() -> SpfIncludes.stored(host, domain))
                    .orElseThrow(() -> new IllegalArgumentException("include: the relay settings of " + domain
                            + " have no known SPF include; name it, e.g. {\"include\": \"sendgrid.net\"}"));
            if (SpfIncludes.neededBy(host, domain).filter(include::equals).isPresent()) {
                throw ApiErrors.failure(409, "include", "include:" + include + " is still needed: the relay that carries the"
                        + " mail of " + domain + " now uses it; turn that relay off (or change it) first");
            }
            return SpfSupport.Outcome.of(spf().removeInclude(domain, include), locale());
        });
    }

    /** Takes the include out of the DNS template's SPF record: {@code {"include": "..."}}. */
    @POST
    @Path("spf/template/remove-include")
    public SpfSupport.Outcome removeFromTemplate(String body) {
        String include = requiredInclude(body, "remove");
        return call(() -> SpfSupport.Outcome.of(spf().removeIncludeFromTemplate(includeField(include)), locale()));
    }

    /** The body's {@code include}, which the template routes require: 400 naming the field when absent. */
    private static String requiredInclude(String body, String verb) {
        RelayBody b = RelayBody.parse(body, INCLUDE_FIELD);
        String include = b.text("include");
        b.requireValid();
        if (include == null || include.isBlank()) {
            throw ApiErrors.failure(400, "include", "name the include to " + verb + ", e.g. sendgrid.net");
        }
        return include;
    }

    /** The include as typed, canonical; a bad one is a 400 naming the field {@code include}. */
    static String includeField(String value) {
        try {
            return SpfInclude.normalize(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("include: " + e.getMessage().replaceFirst("^SPF include: ", ""), e);
        }
    }

    private SpfService spf() {
        return SpfSupport.service(host);
    }
}
