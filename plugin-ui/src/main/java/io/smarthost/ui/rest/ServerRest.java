package io.smarthost.ui.rest;

import io.smarthost.core.check.CheckReport;
import io.smarthost.core.check.TestMail;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.service.Confirm;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.RestExtension;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.services.HostServices;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Server-wide relay routes under {@code /api/v2/plugins/smarthost/server}, admin only. All answer 404
 * while {@code [mail] smarthost.server.enabled = false} or restricted mode hides the server level.
 */
@Extension
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.ADMIN)
public class ServerRest extends Routes implements RestExtension {
    static final Set<String> UPDATE_FIELDS = with(RelayBody.RELAY_FIELDS, "confirm", RelayBody.CONFIRM_TAKEOVER);
    static final Set<String> TEST_MAIL_FIELDS = Set.of("to", "from");
    /** The body a disable accepts (optional): the confirmation after a 409. */
    static final Set<String> CONFIRM_FIELDS = Set.of("confirm", RelayBody.CONFIRM_TAKEOVER);

    public ServerRest(HostServices host) {
        super(host);
    }

    @Override
    public Object resource() {
        return this;
    }

    /** The server level: hidden by {@code smarthost.server.enabled = false} or restricted mode. */
    @Override
    public boolean visible(RequestContext context) {
        return gate.serverLevel();
    }

    @GET
    @Path("server")
    public ApiModel.Scope get() {
        return call(() -> ApiModel.Scope.of(service().server(), true, locale(), service()::relaySetByHand));
    }

    /** Replaces the server-wide settings; a blank or absent password keeps the stored one. */
    @PUT
    @Path("server")
    public ApiModel.Update update(String body) {
        RelayBody b = RelayBody.parse(body, UPDATE_FIELDS);
        RelayInput input = b.relayInput();
        Confirm confirm = confirmOf(b);
        return update(Scope.SERVER, input, () -> service().updateServer(input, confirm));
    }

    /** Turns the relay off; {@code {"confirmTakeover": true}} after a 409 (settings changed by hand). */
    @POST
    @Path("server/disable")
    public ApiModel.Update disable(String body) {
        Confirm confirm = confirmOf(RelayBody.parse(body, CONFIRM_FIELDS));
        return update(Scope.SERVER, RelayInput.disabled(), () -> service().disableServer(confirm));
    }

    /** Deletes the server-wide settings and secret; {@code ?confirmTakeover=true} after a 409 (settings changed by hand). */
    @DELETE
    @Path("server")
    public ApiModel.Update remove(@QueryParam(RelayBody.CONFIRM_TAKEOVER) List<String> confirmTakeover) {
        Confirm confirm = confirmOfQuery(confirmTakeover);
        return update(Scope.SERVER, RelayInput.disabled(), () -> service().removeServer(confirm));
    }

    /** Checks the stored settings, or the settings in the body (blank password: the stored one). */
    @POST
    @Path("server/check")
    public CheckReport check(String body) {
        RelayBody b = RelayBody.parse(body, RelayBody.RELAY_FIELDS);
        Optional<RelayInput> typed = b.hasRelay() ? Optional.of(b.relayInput()) : Optional.empty();
        return call(() -> new RelayChecks(host).check(Scope.SERVER, typed, user(), Optional.empty(), true));
    }

    /** Sends a real test message through the stored server relay: {@code {"to": "...", "from": "..."}}. */
    @POST
    @Path("server/test-mail")
    public CheckReport testMail(String body) {
        RelayBody b = RelayBody.parse(body, TEST_MAIL_FIELDS);
        String from = b.text("from");
        String to = b.text("to");
        b.requireValid();
        if (to == null || to.isBlank()) {
            throw ApiErrors.failure(400, "to", "the recipient's address is required, e.g. you@example.net");
        }
        if (from == null || from.isBlank()) {
            throw ApiErrors.failure(400, "from", "the sender's address is required for a server-wide test, "
                    + "e.g. postmaster@a-domain-verified-at-the-relay.example");
        }
        return call(() -> new RelayChecks(host).check(Scope.SERVER, Optional.empty(), user(),
                Optional.of(new TestMail(from, to)), true));
    }

    /** What saving the body's settings would write, beside what is there; nothing is saved. */
    @POST
    @Path("server/preview")
    public ApiModel.PreviewLines preview(String body) {
        RelayInput input = RelayBody.parse(body, RelayBody.RELAY_FIELDS).relayInput();
        return call(() -> ApiModel.PreviewLines.of(service().preview(Scope.SERVER, input)));
    }

    /** The SRS switch: {@code {"srs": true|false, "supported": ..., "backend": ...}}. */
    @GET
    @Path("server/srs")
    public ApiModel.Srs srs() {
        return call(() -> ApiModel.Srs.of(service()));
    }

    /** Turns SRS on or off: {@code {"srs": true}}; 400 when the mail server backend cannot do SRS. */
    @PUT
    @Path("server/srs")
    public ApiModel.Update updateSrs(String body) {
        boolean on = RelayBody.parse(body, Set.of("srs")).flag("srs")
                .orElseThrow(() -> ApiErrors.failure(400, "srs", "is required: true (SRS on) or false (off)"));
        return call(() -> ApiModel.Update.of(service().updateSrs(on)));
    }

    static Set<String> with(Set<String> base, String... more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(Set.of(more));
        return Set.copyOf(all);
    }
}
