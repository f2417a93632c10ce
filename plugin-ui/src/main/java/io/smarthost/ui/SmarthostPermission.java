package io.smarthost.ui;

import io.smarthost.core.ini.SmarthostIniKeys;
import io.smarthost.panel.api.CustomerPermission;
import io.smarthost.panel.api.services.HostServices;
import org.pf4j.Extension;

/**
 * {@code smarthost-domains}: whether a customer may give their own domains a smarthost
 * ({@code panel bin user --update NAME -smarthost-domains true|false}); customers never allowed or denied
 * follow {@code [mail] smarthost.domain.customers}. Denied, the customer's Smarthost tab, Smarthosts list,
 * domain pages and domain API routes answer 404 ({@link FeatureGate#domainLevel(io.smarthost.panel.api.RequestContext)}).
 */
@Extension
public final class SmarthostPermission implements CustomerPermission {
    public static final String NAME = "smarthost-domains";

    private final HostServices host;

    public SmarthostPermission(HostServices host) {
        this.host = host;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "may give their own domains a smarthost (Domain > Mail > Smarthost)";
    }

    @Override
    public String labelKey() {
        return "smarthost.permission.domains";
    }

    @Override
    public boolean allowedByDefault() {
        return host.ini().getBoolean(SmarthostIniKeys.DOMAIN_CUSTOMERS);
    }
}
