package io.smarthost.core.service;

import io.smarthost.core.backend.BackendSelector;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.panel.api.services.HostServices;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link SmarthostService} per plugin instance, shared by every extension of the plugin (pages,
 * REST, CLI, lifecycle listener, repair hook), keyed on the identity of the host's
 * {@link HostServices} as the panel API suggests.
 *
 * <p>Backends are the plugin's own {@link MailBackend} extensions, created by the host's extension
 * factory ({@link HostServices#extensions(Class)}), so PF4J stays the only thing that reads
 * {@code extensions.idx}.
 */
public final class SmarthostRuntime {
    private static final Map<HostServices, SmarthostService> SERVICES = Collections.synchronizedMap(new IdentityHashMap<>());

    private SmarthostRuntime() {
    }

    /** The plugin's service, created on first use with the plugin's mail backends. */
    public static SmarthostService service(HostServices host) {
        return SERVICES.computeIfAbsent(host, h -> new SmarthostService(h, backends(h)));
    }

    /** Uses {@code service} for {@code host} (tests, or a host that wires backends itself). */
    public static void install(HostServices host, SmarthostService service) {
        SERVICES.put(host, service);
    }

    /** Forgets the service of a stopped plugin. */
    public static void release(HostServices host) {
        SERVICES.remove(host);
    }

    /** Forgets every service (the plugin is stopping: its class loader holds them all). */
    public static void releaseAll() {
        SERVICES.clear();
    }

    /** The plugin's backends in the order postfix, mailenable, smartermail, then others by id. */
    static List<MailBackend> backends(HostServices host) {
        List<MailBackend> found = new ArrayList<>(host.extensions(MailBackend.class));
        found.sort(Comparator.comparingInt((MailBackend b) -> {
            int i = BackendSelector.KNOWN.indexOf(b.id());
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(MailBackend::id));
        return found;
    }
}
