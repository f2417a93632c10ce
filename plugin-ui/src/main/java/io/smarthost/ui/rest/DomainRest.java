package io.smarthost.ui.rest;

import io.smarthost.core.check.CheckReport;
import io.smarthost.core.check.TestMail;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.service.Confirm;
import io.smarthost.core.service.ListOrder;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.ui.input.CustomerRelays;
import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.RestExtension;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.services.HostServices;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Domain-level routes under {@code /api/v2/plugins/smarthost/domains}. A domain's own routes are open to
 * the customer who owns it (the host answers 404 for anyone else); the list and previews are admin only
 * (bulk changes: {@link BulkRest}). All answer 404 while {@code [mail] smarthost.domain.enabled = false}
 * or restricted mode hides the domain level ({@link #visible}, applied by the host).
 */
@Extension
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.ADMIN)
public class DomainRest extends Routes implements RestExtension {
    static final int MAX_PAGE = 500;

    public DomainRest(HostServices host) {
        super(host);
    }

    @Override
    public Object resource() {
        return this;
    }

    /** The domain level: hidden by {@code smarthost.domain.enabled = false} or restricted mode. */
    @Override
    public boolean visible(RequestContext context) {
        return gate.domainLevel(context);
    }

    /**
     * Domains with relay settings; {@code filter} matches part of the name (Unicode or ASCII); {@code sort}
     * names a {@link ListOrder} ({@code domain} by default), {@code dir} is {@code asc} or {@code desc}.
     */
    @GET
    @Path("domains")
    public ApiModel.Page<ApiModel.Row> list(@QueryParam("filter") @DefaultValue("") String filter,
                                           @QueryParam("sort") @DefaultValue("domain") String sort,
                                           @QueryParam("dir") @DefaultValue("asc") String dir,
                                           @QueryParam("offset") @DefaultValue("0") String offset,
                                           @QueryParam("limit") @DefaultValue("50") String limit) {
        ListOrder order = ListOrder.parse(sort).orElseThrow(() -> ApiErrors.failure(400, "sort",
                "must be one of domain, relay, encryption, user, checked, not \""
                        + sort.replaceAll("\\p{Cntrl}", "?") + "\""));
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw ApiErrors.failure(400, "dir", "must be asc or desc, not \"" + dir.replaceAll("\\p{Cntrl}", "?") + "\"");
        }
        int from = number("offset", offset, 0, Integer.MAX_VALUE);
        int size = number("limit", limit, 1, MAX_PAGE);
        boolean desc = dir.equals("desc");
        return call(() -> {
            var page = service().list(filter, order, desc, from, size);
            return ApiModel.Page.of(page, locale(), io.smarthost.core.service.SmarthostService.totalIsExact(page, order, desc));
        });
    }

    @GET
    @Path("domains/{domain}")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public ApiModel.Scope get(@PathParam("domain") String domain) {
        return call(() -> ApiModel.Scope.of(service().domain(name(domain)), admin(), locale(), service()::relaySetByHand));
    }

    /** Replaces the domain's settings; a blank or absent password keeps the stored one. */
    @PUT
    @Path("domains/{domain}")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public ApiModel.Update update(@PathParam("domain") String domain, String body) {
        RelayBody b = RelayBody.parse(body, ServerRest.UPDATE_FIELDS);
        RelayInput input = b.relayInput();
        Confirm confirm = confirmOf(b);
        String name = name(domain);
        return update(Scope.domain(name), input, () -> {
            CustomerRelays.admit(host, user(), service(), name, java.util.Optional.empty(), input);
            return service().updateDomain(name, input, confirm);
        });
    }

    @POST
    @Path("domains/{domain}/disable")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public ApiModel.Update disable(@PathParam("domain") String domain, String body) {
        Confirm confirm = confirmOf(RelayBody.parse(body, ServerRest.CONFIRM_FIELDS));
        String name = name(domain);
        return update(Scope.domain(name), RelayInput.disabled(), () -> service().disableDomain(name, confirm));
    }

    /**
     * Deletes the domain's settings, secret and last check; its mail then follows the server level.
     * {@code ?confirmTakeover=true} after a 409 (settings changed by hand).
     */
    @DELETE
    @Path("domains/{domain}")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public ApiModel.Update remove(@PathParam("domain") String domain,
                                  @QueryParam(RelayBody.CONFIRM_TAKEOVER) List<String> confirmTakeover) {
        Confirm confirm = confirmOfQuery(confirmTakeover);
        String name = name(domain);
        return update(Scope.domain(name), RelayInput.disabled(), () -> service().removeDomain(name, confirm));
    }

    @POST
    @Path("domains/{domain}/check")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public CheckReport check(@PathParam("domain") String domain, String body) {
        RelayBody b = RelayBody.parse(body, RelayBody.RELAY_FIELDS);
        Optional<RelayInput> typed = b.hasRelay() ? Optional.of(b.relayInput()) : Optional.empty();
        Scope scope = Scope.domain(name(domain));
        return call(() -> new RelayChecks(host).check(scope, typed, user(), Optional.empty(), true));
    }

    /** Sends a test message through the domain's stored relay; {@code from} defaults to postmaster@DOMAIN. */
    @POST
    @Path("domains/{domain}/test-mail")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public CheckReport testMail(@PathParam("domain") String domain, String body) {
        RelayBody b = RelayBody.parse(body, ServerRest.TEST_MAIL_FIELDS);
        String to = b.text("to");
        String from = b.text("from");
        b.requireValid();
        if (to == null || to.isBlank()) {
            throw ApiErrors.failure(400, "to", "the recipient's address is required, e.g. you@example.net");
        }
        String name = name(domain);
        String sender = from == null || from.isBlank() ? "postmaster@" + name : from;
        return call(() -> new RelayChecks(host).check(Scope.domain(name), Optional.empty(), user(),
                Optional.of(new TestMail(sender, to)), true));
    }

    /** What saving would write (the whole mail server's relay configuration: admin only). */
    @POST
    @Path("domains/{domain}/preview")
    @Access(value = Role.ADMIN, domainParam = "domain")
    public ApiModel.PreviewLines preview(@PathParam("domain") String domain, String body) {
        RelayInput input = RelayBody.parse(body, RelayBody.RELAY_FIELDS).relayInput();
        return call(() -> ApiModel.PreviewLines.of(service().preview(Scope.domain(name(domain)), input)));
    }

    /**
     * The domain's ASCII name as the service knows it. An alias is answered 404 by the service with a
     * message saying which domain to use, rather than silently acting on that domain.
     */
    private String name(String typed) {
        return call(() -> service().domain(typed).scope().domain().orElse(typed));
    }

    static int number(String field, String value, int min, int max) {
        java.util.OptionalInt n = io.smarthost.ui.input.FieldRules.wholeNumber(value.strip());
        if (n.isPresent() && n.getAsInt() >= min && n.getAsInt() <= max) {
            return n.getAsInt();
        }
        throw ApiErrors.failure(400, field, "must be a whole number from " + min + " to " + max + ", not \""
                + value.replaceAll("\\p{Cntrl}", "?") + "\"");
    }
}
