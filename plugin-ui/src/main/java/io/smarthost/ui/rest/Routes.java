package io.smarthost.ui.rest;

import io.smarthost.core.backend.Preview;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.service.Confirm;
import io.smarthost.core.service.ConfirmationRequiredException;
import io.smarthost.core.service.RelayApplyException;
import io.smarthost.core.service.RelayValidationException;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.service.UpdateResult;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.PanelUser;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.FeatureGate;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What every resource class of the API shares: the plugin's services, the visibility switches (read on
 * every request, so panel.ini edits apply at once: each subclass's {@code visible} names its level and
 * the host answers 404 for it), the caller, and the handling of updates that need the admin to confirm
 * a take-over.
 */
abstract class Routes {
    protected final HostServices host;
    protected final FeatureGate gate;

    Routes(HostServices host) {
        this.host = host;
        this.gate = new FeatureGate(host);
    }

    protected SmarthostService service() {
        return SmarthostRuntime.service(host);
    }

    /** The caller (the host has authenticated and authorised it before the method runs). */
    protected PanelUser user() {
        return host.currentRequest().map(r -> r.user()).orElse(new PanelUser("?", Role.CUSTOMER, Locale.ENGLISH));
    }

    protected boolean admin() {
        return user().isAdmin();
    }

    protected Locale locale() {
        return user().locale();
    }

    protected <T> T call(Supplier<T> work) {
        return ApiErrors.call(locale(), work);
    }

    /**
     * Runs an update; when it would write over settings written by hand (a relay set up by hand, or any
     * hand edit since the panel last wrote them), answers 409 with what was found, the drift and what
     * would be written (admins), so the caller can repeat with {@code "confirmTakeover": true}.
     */
    protected ApiModel.Update update(Scope scope, RelayInput input, Supplier<UpdateResult> work) {
        try {
            return call(() -> ApiModel.Update.of(work.get(), admin()));
        } catch (ConfirmationRequiredException e) {
            throw confirmationRequired(e, !admin() ? null
                    : e.preview().map(ApiModel.PreviewLines::of).orElseGet(() -> previewOrNull(scope, input)));
        }
    }

    private ApiModel.PreviewLines previewOrNull(Scope scope, RelayInput input) {
        try {
            Preview p = service().preview(scope, input);
            return ApiModel.PreviewLines.of(p);
        } catch (RelayApplyException | RelayValidationException e) {
            return null;
        }
    }

    private WebApplicationException confirmationRequired(ConfirmationRequiredException e, ApiModel.PreviewLines preview) {
        boolean admin = admin();
        String message = admin ? e.getMessage() + " Repeat the request with \"" + RelayBody.CONFIRM_TAKEOVER + "\": true."
                : "the mail server has relay settings written by hand; the server administrator must review and take them over first";
        ApiModel.ConfirmationRequired body = new ApiModel.ConfirmationRequired(
                List.of(new ApiErrors.Error(RelayBody.CONFIRM_TAKEOVER, message)),
                admin ? ApiModel.InspectionResult.of(e.inspection()) : null, preview,
                admin && preview != null ? preview.drift() : null);
        return new WebApplicationException(Response.status(409).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build());
    }

    /** Customers may not take over the server's hand-made configuration: only admins confirm. */
    protected Confirm confirmOf(RelayBody body) {
        Confirm c = body.confirm();
        if (c == Confirm.TAKE_OVER_MANUAL && !admin()) {
            throw ApiErrors.failure(403, RelayBody.CONFIRM_TAKEOVER, "only the server administrator can confirm a take-over");
        }
        return c;
    }

    /**
     * A DELETE's answer to a 409 ({@code ?confirmTakeover=true}: a DELETE has no body): {@code true} or {@code false},
     * anything else refused; only admins confirm.
     */
    protected Confirm confirmOfQuery(List<String> values) {
        if (values != null && values.size() > 1) {
            // true&false took the first and wrote over the hand edit (a hostile tester): which one was meant?
            throw ApiErrors.failure(400, RelayBody.CONFIRM_TAKEOVER, "must be given once");
        }
        String value = values == null || values.isEmpty() ? null : values.get(0);
        if (value == null || value.isEmpty() || value.equals("false")) {
            return Confirm.NONE;
        }
        if (!value.equals("true")) {
            throw ApiErrors.failure(400, RelayBody.CONFIRM_TAKEOVER, "must be true or false");
        }
        if (!admin()) {
            throw ApiErrors.failure(403, RelayBody.CONFIRM_TAKEOVER, "only the server administrator can confirm a take-over");
        }
        return Confirm.TAKE_OVER_MANUAL;
    }

    static Optional<String> blankToEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
