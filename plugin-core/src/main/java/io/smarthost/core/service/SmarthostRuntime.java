package io.smarthost.core.service;

import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.BackendSelector;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.PluginContext;
import java.util.List;

/**
 * The plugin's one {@link SmarthostService}, kept in the plugin's {@link PluginContext}
 * ({@link HostServices#context()}): shared by every extension of the plugin (pages, REST, CLI, lifecycle
 * listener, repair hook) for as long as the plugin runs; a plugin started again gets a new one.
 *
 * <p>Backends are the plugin's own {@link MailBackend} extensions, created by the host's extension
 * factory ({@link HostServices#extensions(Class)}), so PF4J stays the only thing that reads
 * {@code extensions.idx}.
 */
public final class SmarthostRuntime {

    private SmarthostRuntime() {
    }

    /** The plugin's service, created on first use with the plugin's mail backends. */
    public static SmarthostService service(HostServices host) {
        return host.context().singleton(SmarthostService.class, () -> new SmarthostService(host, backends(host)));
    }

    /**
     * Uses {@code service} for this run of the plugin (tests, or a host that wires backends itself); call it
     * before anything asks for the service.
     *
     * @throws IllegalStateException when the plugin already uses another service
     */
    public static void install(HostServices host, SmarthostService service) {
        if (host.context().singleton(SmarthostService.class, () -> service) != service) {
            throw new IllegalStateException("the plugin already uses another SmarthostService; install it before first use");
        }
    }

    /**
     * The backend {@code panel.ini [mail] smarthost.backend} selects now, among {@link #backends}, as the service
     * chooses it (detection may probe the file system).
     */
    public static BackendSelection selection(HostServices host) {
        return BackendSelector.select(host.ini().get(BackendSelector.INI_SECTION, BackendSelector.INI_KEY,
                BackendSelector.AUTO), backends(host));
    }

    /** The plugin's backends in their preference order ({@link BackendSelector#inPreferenceOrder}). */
    public static List<MailBackend> backends(HostServices host) {
        return BackendSelector.inPreferenceOrder(host.extensions(MailBackend.class));
    }
}
