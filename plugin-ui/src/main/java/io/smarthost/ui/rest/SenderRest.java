package io.smarthost.ui.rest;

import io.smarthost.core.relay.Scope;
import io.smarthost.core.relay.SenderAddress;
import io.smarthost.core.service.Confirm;
import io.smarthost.core.service.RelayValidationException;
import io.smarthost.core.service.UnknownDomainException;
import io.smarthost.core.validation.FieldError;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.pf4j.Extension;

/**
 * Per-sender relays under a domain: {@code /api/v2/plugins/smarthost/domains/{domain}/senders[/{address}]}
 * and {@code .../domains/{domain}/which-relay?address=A}. Open to the customer who owns the domain (the host
 * answers 404 for anyone else); the service accepts only addresses of that very domain. Hidden with the
 * domain level.
 *
 * @since 1.3
 */
@Extension
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.ADMIN)
public class SenderRest extends Routes implements RestExtension {

    public SenderRest(HostServices host) {
        super(host);
    }

    @Override
    public Object resource() {
        return this;
    }

    @Override
    public boolean visible(RequestContext context) {
        return gate.domainLevel(context);
    }

    /** The domain's addresses with a relay of their own, whether the backend can do it, and the limit. */
    @GET
    @Path("domains/{domain}/senders")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public SenderModel.SenderList list(@PathParam("domain") String domain) {
        return call(() -> {
            String name = service().domain(domain).scope().domain().orElse(domain);
            return SenderModel.SenderList.of(name, service().capabilities().senderRelay(), service().senderLimit(),
                    service().senders(name));
        });
    }

    @GET
    @Path("domains/{domain}/senders/{address}")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public SenderModel.Row get(@PathParam("domain") String domain, @PathParam("address") String address) {
        return call(() -> service().sender(domain, address).map(SenderModel.Row::of)
                .orElseThrow(() -> new UnknownDomainException(address + " has no relay of its own")));
    }

    /** Creates or replaces the address's relay; a blank or absent password keeps the stored one. */
    @PUT
    @Path("domains/{domain}/senders/{address}")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public ApiModel.Update update(@PathParam("domain") String domain, @PathParam("address") String address, String body) {
        RelayBody b = RelayBody.parse(body, ServerRest.UPDATE_FIELDS);
        RelayInput input = b.relayInput();
        Confirm confirm = confirmOf(b);
        String name = call(() -> service().domain(domain).scope().domain().orElse(domain));
        return update(Scope.domain(name), input, () -> {
            CustomerRelays.admit(host, user(), service(), name, java.util.Optional.of(address), input);
            return service().updateSender(name, address, input, confirm);
        });
    }

    /**
     * Deletes the address's relay and secret; its mail then follows its domain. An address without a relay of its
     * own answers 404, as {@link #get} does (nothing written, applied or logged).
     */
    @DELETE
    @Path("domains/{domain}/senders/{address}")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public ApiModel.Update remove(@PathParam("domain") String domain, @PathParam("address") String address,
                                  @QueryParam(RelayBody.CONFIRM_TAKEOVER) List<String> confirmTakeover) {
        Confirm confirm = confirmOfQuery(confirmTakeover);
        String name = call(() -> service().domain(domain).scope().domain().orElse(domain));
        return update(Scope.domain(name), RelayInput.disabled(), () -> {
            var result = service().removeSender(domain, address, confirm);
            if (!result.settingsChanged()) {
                throw new UnknownDomainException(address + " has no relay of its own");
            }
            return result;
        });
    }

    /**
     * Which relay applies to mail from {@code address}, an address of this domain or of one of its aliases
     * (a customer learns nothing about other domains' relays, nor the server's host).
     */
    @GET
    @Path("domains/{domain}/which-relay")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public SenderModel.Which which(@PathParam("domain") String domain, @QueryParam("address") @DefaultValue("") String address) {
        return call(() -> {
            var view = service().domain(domain);
            String name = view.scope().domain().orElse(domain);
            requireOfDomain(name, address);
            return SenderModel.Which.of(service().whichRelay(address), admin(), locale(), host.messages(),
                    service()::relaySetByHand);
        });
    }

    /** {@code address} is of {@code domain} or one of its aliases; else a 400 on {@code address}. */
    void requireOfDomain(String domain, String address) {
        SenderAddress a;
        try {
            a = SenderAddress.parse(address);
        } catch (SenderAddress.InvalidException e) {
            service().whichRelay(address); // throws the field error in the reader's language
            return;
        }
        var d = host.domains().find(a.domain());
        if (d.isEmpty() || !d.get().name().equals(domain)) {
            throw new RelayValidationException(List.of(new FieldError("address", host.messages().get(locale(),
                    "smarthost.sender.which.otherDomain", domain))));
        }
    }
}
