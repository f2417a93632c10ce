package io.smarthost.ui.rest;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.delivery.DeliveryRuntime;
import io.smarthost.core.delivery.DeliveryStatus;
import io.smarthost.core.delivery.DeliveryTracker;
import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.RestExtension;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.delivery.DeliveryJson;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Delivery as the mail server saw it, under {@code /api/v2/plugins/smarthost}:
 *
 * <pre>
 * GET  server/status                 the server-wide relay (admin)
 * GET  domains/{domain}/status       one domain's mail through its own relay, or through the server's or none when
 *                                    it has none; never the mail of its addresses with a relay of their own (its
 *                                    owner or an admin)
 * GET  domains/{domain}/senders/{address}/status   one sender address's mail through its own relay, or its
 *                                    form without its extension's (since 1.3)
 * POST server/queue/retry[?queueId=ID]  retry one queued message, or all deferred mail (admin)
 * </pre>
 *
 * Figures come from the log reader's last pass (read in the background, never on this thread); the queue from
 * its last look ({@code postqueue -j}, at most a minute old). A backend that cannot report answers
 * {@code "available": false}. Server routes answer 404 while the server level is hidden, domain routes while
 * the domain level is.
 */
@Extension
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.ADMIN)
public class DeliveryRest extends Routes implements RestExtension {

    public DeliveryRest(HostServices host) {
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

    private DeliveryTracker tracker() {
        return DeliveryRuntime.tracker(host);
    }

    @GET
    @Path("server/status")
    public DeliveryJson server() {
        if (!gate.serverLevel()) {
            throw new NotFoundException();
        }
        DeliveryStatus s = tracker().server();
        return DeliveryJson.of(s, service().effectiveFor("").relay(), locale(), true, Instant.now());
    }

    @GET
    @Path("domains/{domain}/status")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public DeliveryJson domain(@PathParam("domain") String domain) {
        if (!gate.domainLevel()) {
            throw new NotFoundException();
        }
        String name = host.currentRequest().flatMap(RequestContext::domain).map(Domain::name)
                .or(() -> host.domains().find(domain).map(Domain::name)).orElseThrow(NotFoundException::new);
        DeliveryStatus s = tracker().domain(name);
        return DeliveryJson.of(s, service().effectiveFor(name).relay(), locale(), admin(), Instant.now());
    }

    /**
     * The mail of one address of the domain through the address's own relay (per-sender relays), or through the relay
     * of the address without its extension ({@code alice@} for {@code alice+news@}) when the mail server sends it
     * there: 400 for a malformed address or one of another domain, 404 when neither has a relay of its own that is on
     * (its mail is the domain's), with the reason {@code --status -sender} gives.
     */
    @GET
    @Path("domains/{domain}/senders/{address}/status")
    @Access(value = Role.CUSTOMER, domainParam = "domain")
    public DeliveryJson sender(@PathParam("domain") String domain, @PathParam("address") String address) {
        if (!gate.domainLevel()) {
            throw new NotFoundException();
        }
        io.smarthost.core.relay.SenderAddress typed = call(() -> {
            service().sender(domain, address); // 400 for a malformed address or one of another domain or an alias
            return io.smarthost.core.relay.SenderAddress.parse(address);
        });
        // the same answer as panel bin smarthost --status -sender: whose own relay carries it, or why none does
        io.smarthost.ui.delivery.SenderScope scope = io.smarthost.ui.delivery.SenderScope.of(service(), typed);
        String key = scope.relayOf().orElseThrow(() -> ApiErrors.failure(404, "address", scope.note()));
        DeliveryStatus s = tracker().sender(key);
        return DeliveryJson.of(s, service().senderRelay(key), locale(), admin(), Instant.now());
    }

    @POST
    @Path("server/queue/retry")
    public Map<String, Object> retry(@QueryParam("queueId") String queueId) {
        Optional<String> id = Optional.ofNullable(queueId).map(String::strip).filter(v -> !v.isEmpty());
        try {
            tracker().retry(id);
        } catch (IllegalArgumentException e) {
            throw ApiErrors.failure(400, "queueId", e.getMessage().replaceFirst("^queueId: ", ""));
        } catch (BackendException e) {
            throw ApiErrors.failure(502, "queue", e.getMessage());
        }
        host.actionLog().record("smarthost.queue.retried", id.orElse("all"), Map.of());
        return Map.of("retried", id.orElse("all deferred mail"));
    }
}
