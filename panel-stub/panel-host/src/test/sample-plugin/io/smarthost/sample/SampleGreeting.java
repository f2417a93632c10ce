package io.smarthost.sample;

import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.PageExtension;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.RestExtension;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.View;
import io.smarthost.panel.api.services.HostServices;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * A feature that panel.ini ({@code [sample] sample.enabled = false}) and restricted mode hide: a page, a
 * REST route and the CLI's {@code --greet}. None checks the switch itself; each extension says whether
 * it is visible and the host answers for it. Every greeting that runs is kept in the store
 * ({@code greeted.NNNN}), so tests can tell that hidden routes never ran.
 */
public final class SampleGreeting {

    private SampleGreeting() {
    }

    /** Why the greeting is hidden, or empty. */
    static Optional<String> hidden(HostServices services) {
        if (services.settings().restrictedMode()) {
            return Optional.of("the panel is in restricted mode");
        }
        if (!services.ini().getBoolean(SampleIniKeys.ENABLED)) {
            return Optional.of("the sample is turned off in panel.ini (" + SampleIniKeys.ENABLED.label() + " = false)");
        }
        return Optional.empty();
    }

    static void greet(HostServices services, String via) {
        try {
            services.store().inTransaction(tx -> {
                tx.put(String.format("greeted.%04d", services.store().count("greeted.")), via);
                return null;
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET/POST /plugins/sample/greeting} (customers too). */
    @Extension
    public static class Page implements PageExtension {
        private final HostServices services;

        public Page(HostServices services) {
            this.services = services;
        }

        public Object resource() {
            return this;
        }

        public boolean visible(RequestContext context) {
            return hidden(services).isEmpty();
        }

        @GET
        @Path("greeting")
        @Access(Role.CUSTOMER)
        public View show() {
            greet(services, "page");
            return new View("hello.ftlh", "sample.hello.title", Map.of("note", "greeted", "who",
                    services.currentRequest().map(r -> r.user().login()).orElse("?")));
        }

        @POST
        @Path("greeting")
        @Access(Role.CUSTOMER)
        public Response post() {
            greet(services, "form");
            return Response.seeOther(URI.create("/plugins/sample/greeting")).build();
        }
    }

    /** {@code POST /api/v2/plugins/sample/greeting} (customers too). */
    @Extension
    public static class Rest implements RestExtension {
        private final HostServices services;

        public Rest(HostServices services) {
            this.services = services;
        }

        public Object resource() {
            return this;
        }

        public boolean visible(RequestContext context) {
            return hidden(services).isEmpty();
        }

        @POST
        @Path("greeting")
        @Access(Role.CUSTOMER)
        @Produces(MediaType.APPLICATION_JSON)
        public SampleRest.Echo greet() {
            SampleGreeting.greet(services, "api");
            return new SampleRest.Echo("greeted");
        }
    }
}
