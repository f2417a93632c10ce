package io.smarthost.sample;

import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.PageExtension;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.View;
import io.smarthost.panel.api.services.HostServices;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.pf4j.Extension;

/** The sample's pages that are always there; {@code hello} is {@link SampleHelloPage} (hidden in restricted mode). */
@Extension
public class SamplePages implements PageExtension {

    private final HostServices services;
    private final Resource resource = new Resource();

    public SamplePages(HostServices services) {
        this.services = services;
    }

    public Object resource() {
        return resource;
    }

    public class Resource {

        @POST
        @Path("note")
        public Response note(@FormParam("note") String note) throws Exception {
            services.store().inTransaction(tx -> {
                tx.put("note", note);
                return null;
            });
            services.actionLog().record("sample.note.saved", "note", Map.of("length", String.valueOf(note.length())));
            return Response.seeOther(URI.create("/plugins/sample/hello")).build();
        }

        @GET
        @Path("admin")
        public View admin() {
            return new View("hello.ftlh", "sample.admin.title", Map.of("note", "admin page", "who", "admin"));
        }

        @GET
        @Path("domains/{domain}")
        @Access(value = Role.CUSTOMER, domainParam = "domain")
        public View domain() {
            String name = services.currentRequest().flatMap(r -> r.domain()).map(d -> d.name()).orElse("none");
            return new View("domain.ftlh", "sample.domain.title", Map.of("name", name));
        }
    }
}
