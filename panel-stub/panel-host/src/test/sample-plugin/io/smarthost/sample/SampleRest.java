package io.smarthost.sample;

import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.RestExtension;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.services.HostServices;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.pf4j.Extension;

@Extension
public class SampleRest implements RestExtension {

    private final HostServices services;

    public SampleRest(HostServices services) {
        this.services = services;
    }

    public record Status(String plugin, String user, boolean restricted, List<String> ownDomains) {
    }

    public record Echo(String text) {
    }

    public Object resource() {
        return new Api();
    }

    @Produces(MediaType.APPLICATION_JSON)
    public class Api {
        @GET
        @Path("status")
        @Access(Role.CUSTOMER)
        public Status status() {
            String user = services.currentRequest().map(r -> r.user().login()).orElse("?");
            return new Status(services.pluginId(), user, services.settings().restrictedMode(),
                    services.domains().ownedBy(user).stream().map(d -> d.name()).toList());
        }

        @GET
        @Path("domains/{domain}")
        @Access(value = Role.CUSTOMER, domainParam = "domain")
        public Echo domain() {
            return new Echo(services.currentRequest().flatMap(r -> r.domain()).map(d -> d.name()).orElse(""));
        }

        /** A sub-resource guarded by its class's domain check; its method only lowers the role. */
        @Path("owned/{domain}")
        public DomainApi owned() {
            return new DomainApi();
        }

        @POST
        @Path("echo")
        @Consumes(MediaType.APPLICATION_JSON)
        public Echo echo(Echo in) {
            return new Echo("echo: " + in.text());
        }
    }

    @Access(value = Role.ADMIN, domainParam = "domain")
    @Produces(MediaType.APPLICATION_JSON)
    public class DomainApi {
        @GET
        @Path("name")
        @Access(Role.CUSTOMER)
        public Echo name() {
            return new Echo(services.currentRequest().flatMap(r -> r.domain()).map(d -> d.name()).orElse("no domain checked"));
        }
    }
}
