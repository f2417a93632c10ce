package io.smarthost.ui;

import io.smarthost.core.backend.RelayLevel;
import io.smarthost.core.provider.Provider;
import io.smarthost.core.provider.ProviderCatalog;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.service.RelaySettings;
import io.smarthost.core.service.RelayView;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.spf.SpfInclude;
import io.smarthost.panel.api.services.HostServices;
import java.util.Optional;

/**
 * Which SPF {@code include:} a relay stands for, the same on pages, API and CLI: the one the admin (or
 * the domain's owner) stored for a custom relay under {@code ui.spf.include.<server|domain>}, else the
 * provider preset's. Used to offer, and to guard, taking an include out when a relay is turned off.
 */
public final class SpfIncludes {
    /** Store key prefix of the include set for a custom relay; the scope ({@code server} or the domain) follows. */
    public static final String CUSTOM_KEY = "ui.spf.include.";

    private SpfIncludes() {
    }

    /** The include of {@code settings}, stored under the scope {@code scopeKey} ({@code server} or a domain). */
    public static Optional<String> of(HostServices host, String scopeKey, RelaySettings settings) {
        return host.store().get(CUSTOM_KEY + scopeKey)
                .or(() -> preset(settings).map(Provider::spfInclude).filter(i -> !i.isBlank()).map(SpfInclude::normalize));
    }

    /** The include of the relay that carries this scope's mail now; empty when the mail goes out directly or none is known. */
    public static Optional<String> needed(HostServices host, RelayView view) {
        if (view.effective().isEmpty()) {
            return Optional.empty();
        }
        boolean serverRelay = view.scope().isServer() || view.effectiveLevel() == RelayLevel.SERVER;
        return of(host, serverRelay ? Scope.SERVER.toString() : view.scope().toString(), view.effective().get());
    }

    /** {@link #needed} for a domain (ASCII or Unicode name). */
    public static Optional<String> neededBy(HostServices host, String domain) {
        return needed(host, SmarthostRuntime.service(host).domain(domain));
    }

    /**
     * The include a domain's relay had, turned on or not: its own settings' (kept when disabled), else the
     * server-wide settings'. What "remove the include" means when the caller names none.
     */
    public static Optional<String> stored(HostServices host, String domain) {
        RelayView view = SmarthostRuntime.service(host).domain(domain);
        Optional<String> own = view.settings().flatMap(s -> of(host, view.scope().toString(), s));
        return own.or(() -> SmarthostRuntime.service(host).server().settings()
                .flatMap(s -> of(host, Scope.SERVER.toString(), s)));
    }

    /** The provider preset a relay was set up from (its id, else its host). */
    public static Optional<Provider> preset(RelaySettings s) {
        ProviderCatalog catalog = ProviderCatalog.builtIn();
        return catalog.find(s.provider()).or(() -> s.address().flatMap(a -> catalog.byHost(a.host())));
    }
}
