package io.smarthost.core.spf;

import io.smarthost.core.backend.RelayLevel;
import io.smarthost.core.provider.Provider;
import io.smarthost.core.provider.ProviderCatalog;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.service.RelaySettings;
import io.smarthost.core.service.RelayView;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.panel.api.services.SettingsStore;
import java.util.List;
import java.util.Optional;

/**
 * Which SPF {@code include:} a relay stands for, the same on pages, API and CLI: the one the admin (or
 * the domain's owner) stored for a custom relay, else the provider preset's. Used to offer, and to
 * guard, taking an include out when a relay is turned off.
 *
 * <p>Store layout: the custom include of a scope under {@link #CUSTOM_KEY} followed by the scope
 * ({@code server} or the domain's ASCII name), normalised ({@link SpfInclude#normalize}).
 *
 * @since 1.1
 */
public final class RelayIncludes {
    /**
     * Store key prefix of the include set for a custom relay; the scope ({@code server} or the domain)
     * follows. The {@code ui.} is historical (the rule lived in the UI): stored includes keep their keys.
     */
    public static final String CUSTOM_KEY = "ui.spf.include.";

    private final SettingsStore store;
    private final SmarthostService service;

    /**
     * @param store   the plugin's store (where custom includes are kept)
     * @param service the plugin's service (the relay views of {@link #neededBy} and {@link #stored})
     */
    public RelayIncludes(SettingsStore store, SmarthostService service) {
        this.store = store;
        this.service = service;
    }

    /** The include typed for a custom relay of {@code scopeKey} ({@code server} or a domain); empty when none. */
    public Optional<String> custom(String scopeKey) {
        return store.get(CUSTOM_KEY + scopeKey);
    }

    /** {@link #custom} of many scopes in one read; a scope without a custom include has no entry. */
    public java.util.Map<String, String> customs(java.util.Collection<String> scopeKeys) {
        List<String> keys = scopeKeys.stream().map(k -> CUSTOM_KEY + k).toList();
        java.util.Map<String, String> out = new java.util.HashMap<>();
        store.inTransaction(tx -> tx.getAll(keys)).forEach((k, v) -> out.put(k.substring(CUSTOM_KEY.length()), v));
        return out;
    }

    /**
     * Keeps {@code include} as the custom include of {@code scopeKey}; blank (or null) deletes it.
     *
     * @return the include as stored (normalised), empty when deleted
     * @throws IllegalArgumentException when {@code include} is not a domain name (the message says what is allowed)
     */
    public Optional<String> setCustom(String scopeKey, String include) {
        String normalized = include == null || include.isBlank() ? "" : SpfInclude.normalize(include);
        store.inTransaction(tx -> {
            if (normalized.isEmpty()) {
                tx.delete(CUSTOM_KEY + scopeKey);
            } else {
                tx.put(CUSTOM_KEY + scopeKey, normalized);
            }
            return null;
        });
        return normalized.isEmpty() ? Optional.empty() : Optional.of(normalized);
    }

    /** The include of {@code settings}, stored under the scope {@code scopeKey} ({@code server} or a domain). */
    public Optional<String> of(String scopeKey, RelaySettings settings) {
        return custom(scopeKey)
                .or(() -> preset(settings).map(Provider::spfInclude).filter(i -> !i.isBlank()).map(SpfInclude::normalize));
    }

    /** The include of the relay that carries this scope's mail now; empty when the mail goes out directly or none is known. */
    public Optional<String> needed(RelayView view) {
        if (view.effective().isEmpty()) {
            return Optional.empty();
        }
        boolean serverRelay = view.scope().isServer() || view.effectiveLevel() == RelayLevel.SERVER;
        return of(serverRelay ? Scope.SERVER.toString() : view.scope().toString(), view.effective().get());
    }

    /** {@link #needed} for a domain (ASCII or Unicode name). */
    public Optional<String> neededBy(String domain) {
        return needed(service.domain(domain));
    }

    /**
     * The include a domain's relay had, turned on or not: its own settings' (kept when disabled), else the
     * server-wide settings'. What "remove the include" means when the caller names none.
     */
    public Optional<String> stored(String domain) {
        RelayView view = service.domain(domain);
        Optional<String> own = view.settings().flatMap(s -> of(view.scope().toString(), s));
        return own.or(() -> service.server().settings().flatMap(s -> of(Scope.SERVER.toString(), s)));
    }

    /** The provider preset a relay was set up from (its id, else its host). */
    public static Optional<Provider> preset(RelaySettings s) {
        ProviderCatalog catalog = ProviderCatalog.builtIn();
        return catalog.find(s.provider()).or(() -> s.address().flatMap(a -> catalog.byHost(a.host())));
    }
}
