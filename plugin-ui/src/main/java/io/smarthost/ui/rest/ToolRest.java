package io.smarthost.ui.rest;

import io.smarthost.core.check.CheckReport;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.RestExtension;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.services.HostServices;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Routes that concern the feature as a whole: ad-hoc check, repair, inspection, backend info and the
 * OpenAPI description (the provider presets: {@link ProviderRest}). Admin only; 404 when both levels
 * are hidden (restricted mode, or both panel.ini switches off: {@link #visible}, applied by the host).
 */
@Extension
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.ADMIN)
public class ToolRest extends Routes implements RestExtension {
    /** The hand-written OpenAPI description, kept in the repository beside this class. */
    public static final String OPENAPI_RESOURCE = "io/smarthost/ui/rest/openapi.json";

    public ToolRest(HostServices host) {
        super(host);
    }

    @Override
    public Object resource() {
        return this;
    }

    /** The feature as a whole: hidden when both levels are (restricted mode, or both switches off). */
    @Override
    public boolean visible(RequestContext context) {
        return gate.someLevel();
    }

    /** Checks settings that are not saved anywhere (no password stored is used: give it in the body). */
    @POST
    @Path("check")
    public CheckReport check(String body) {
        RelayBody b = RelayBody.parse(body, RelayBody.RELAY_FIELDS);
        if (!b.hasRelay()) {
            throw ApiErrors.failure(400, "host", "give the relay to check, e.g. {\"host\":\"smtp.example.com\",\"port\":587}");
        }
        var input = b.relayInput();
        // Scope SERVER only lends the validation rules; with authentication and no password the stored server secret is used.
        return call(() -> new RelayChecks(host).check(Scope.SERVER, Optional.of(input), user(), Optional.empty(), false));
    }

    /** Renders and applies every stored setting again (after drift or a failed change). */
    @POST
    @Path("repair")
    public ApiModel.Update repair() {
        return call(() -> ApiModel.Update.of(service().repair()));
    }

    /**
     * What the mail server has now: managed and hand-made relay settings, duplicates, drift, and the
     * self-check ({@code health}, as {@code GET verify}).
     */
    @GET
    @Path("inspect")
    public ApiModel.InspectionResult inspect() {
        return call(() -> ApiModel.InspectionResult.of(service().inspect(), ApiModel.Health.of(service().verify())));
    }

    /**
     * The self-check, run now: store, main.cf, master.cf, each table and its {@code .db} compared.
     * 200 whether or not they agree ({@code agrees}); for monitoring, alert on {@code agrees == false}.
     */
    @GET
    @Path("verify")
    public ApiModel.Health verify() {
        return call(() -> ApiModel.Health.of(service().verify()));
    }

    @GET
    @Path("info")
    public ApiModel.Info info() {
        SmarthostService s = service();
        return new ApiModel.Info(s.backendName().orElse(null), s.backendProblem().orElse(null), gate.serverLevel(),
                gate.domainLevel(), ApiModel.Info.Capabilities.of(s.capabilities()), s.domainCount());
    }

    /** This API's OpenAPI 3 description. */
    @GET
    @Path("openapi.json")
    public Response openApi() {
        try (InputStream in = ToolRest.class.getClassLoader().getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the plugin");
            }
            return Response.ok(in.readAllBytes(), MediaType.APPLICATION_JSON_TYPE).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
