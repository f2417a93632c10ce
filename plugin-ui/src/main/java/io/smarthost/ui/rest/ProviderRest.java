package io.smarthost.ui.rest;

import io.smarthost.core.provider.ProviderCatalog;
import io.smarthost.panel.api.Access;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.RestExtension;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.services.HostServices;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.pf4j.Extension;

/**
 * {@code GET /api/v2/plugins/smarthost/providers}: the relay service presets, for every form that offers
 * them: the domain form (customers too) and the server form (admins). Hidden (404) for whoever sees
 * neither form: everyone while the domain level and the server level are hidden, customers while the
 * domain level is ({@link #visible}, applied by the host).
 */
@Extension
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.CUSTOMER)
public class ProviderRest extends Routes implements RestExtension {

    public ProviderRest(HostServices host) {
        super(host);
    }

    @Override
    public Object resource() {
        return this;
    }

    @Override
    public boolean visible(RequestContext context) {
        return gate.domainLevel(context) || context.user().isAdmin() && gate.serverLevel();
    }

    @GET
    @Path("providers")
    public List<ApiModel.ProviderPreset> providers() {
        return ProviderCatalog.builtIn().all().stream().map(ApiModel.ProviderPreset::of).toList();
    }
}
