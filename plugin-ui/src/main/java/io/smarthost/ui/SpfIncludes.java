package io.smarthost.ui;

import io.smarthost.core.provider.Provider;
import io.smarthost.core.service.RelaySettings;
import io.smarthost.core.service.RelayView;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.spf.RelayIncludes;
import io.smarthost.panel.api.services.HostServices;
import java.util.Optional;

/**
 * The pages', API's and CLI's way to {@link RelayIncludes} (the rule lives in the core): binds it to
 * the plugin's store and service.
 */
public final class SpfIncludes {
    /** Store key prefix of the include set for a custom relay ({@link RelayIncludes#CUSTOM_KEY}). */
    public static final String CUSTOM_KEY = RelayIncludes.CUSTOM_KEY;

    private SpfIncludes() {
    }

    private static RelayIncludes includes(HostServices host) {
        return new RelayIncludes(host.store(), SmarthostRuntime.service(host));
    }

    /** See {@link RelayIncludes#custom}. */
    public static Optional<String> custom(HostServices host, String scopeKey) {
        return includes(host).custom(scopeKey);
    }

    /** See {@link RelayIncludes#customs}. */
    public static java.util.Map<String, String> customs(HostServices host, java.util.Collection<String> scopeKeys) {
        return includes(host).customs(scopeKeys);
    }

    /** See {@link RelayIncludes#setCustom}. */
    public static Optional<String> setCustom(HostServices host, String scopeKey, String include) {
        return includes(host).setCustom(scopeKey, include);
    }

    /** See {@link RelayIncludes#needed}. */
    public static Optional<String> needed(HostServices host, RelayView view) {
        return includes(host).needed(view);
    }

    /** See {@link RelayIncludes#neededBy}. */
    public static Optional<String> neededBy(HostServices host, String domain) {
        return includes(host).neededBy(domain);
    }

    /** See {@link RelayIncludes#stored}. */
    public static Optional<String> stored(HostServices host, String domain) {
        return includes(host).stored(domain);
    }

    /** See {@link RelayIncludes#preset}. */
    public static Optional<Provider> preset(RelaySettings s) {
        return RelayIncludes.preset(s);
    }
}
