package io.smarthost.sample;

import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.PageExtension;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.View;
import io.smarthost.panel.api.services.HostServices;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Map;
import org.pf4j.Extension;

/** {@code GET /plugins/sample/hello} (customers too): hidden in restricted mode, as its menu item. */
@Extension
public class SampleHelloPage implements PageExtension {

    private final HostServices services;

    public SampleHelloPage(HostServices services) {
        this.services = services;
    }

    public Object resource() {
        return this;
    }

    public boolean visible(RequestContext context) {
        return !services.settings().restrictedMode();
    }

    @GET
    @Path("hello")
    @Access(Role.CUSTOMER)
    public View hello() {
        String note = services.store().get("note").orElse("");
        return new View("hello.ftlh", "sample.hello.title", Map.of("note", note,
                "who", services.currentRequest().map(r -> r.user().login()).orElse("?")));
    }
}
