package io.smarthost.core.service;

import io.smarthost.core.backend.BackendSelector;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.panel.api.services.HostServices;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link SmarthostService} per plugin instance, shared by every extension of the plugin (pages,
 * REST, CLI, lifecycle listener, repair hook), keyed on the identity of the host's
 * {@link HostServices} as the panel API suggests.
 *
 * <p>Backends are found the way PF4J finds extensions: the {@code META-INF/extensions.idx} files the
 * PF4J annotation processor writes, read through the plugin's class loader, keeping the classes that
 * implement {@link MailBackend}. Extensions have no access to the plugin manager, and every backend
 * module is packed into the same plugin, so this sees the same classes PF4J does.
 */
public final class SmarthostRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(SmarthostRuntime.class);
    private static final Map<HostServices, SmarthostService> SERVICES = Collections.synchronizedMap(new IdentityHashMap<>());

    private SmarthostRuntime() {
    }

    /** The plugin's service, created on first use with the backends found on the plugin's class path. */
    public static SmarthostService service(HostServices host) {
        return SERVICES.computeIfAbsent(host,
                h -> new SmarthostService(h, discoverBackends(SmarthostRuntime.class.getClassLoader(), h)));
    }

    /** Uses {@code service} for {@code host} (tests, or a host that wires backends itself). */
    public static void install(HostServices host, SmarthostService service) {
        SERVICES.put(host, service);
    }

    /** Forgets the service of a stopped plugin. */
    public static void release(HostServices host) {
        SERVICES.remove(host);
    }

    /**
     * Instantiates every {@link MailBackend} listed in the class loader's {@code extensions.idx}
     * files, with a {@code HostServices} constructor when it has one, in the order postfix,
     * mailenable, smartermail, then others by id.
     */
    public static List<MailBackend> discoverBackends(ClassLoader loader, HostServices host) {
        List<MailBackend> found = new ArrayList<>();
        for (String name : indexedClasses(loader)) {
            try {
                Class<?> type = Class.forName(name, false, loader);
                if (MailBackend.class.isAssignableFrom(type)) {
                    found.add((MailBackend) create(type, host));
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                LOG.warn("mail backend {} could not be created: {}", name, e.toString());
            }
        }
        found.sort(Comparator.comparingInt((MailBackend b) -> {
            int i = BackendSelector.KNOWN.indexOf(b.id());
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(MailBackend::id));
        return found;
    }

    private static Object create(Class<?> type, HostServices host) throws ReflectiveOperationException {
        try {
            Constructor<?> withHost = type.getConstructor(HostServices.class);
            return withHost.newInstance(host);
        } catch (NoSuchMethodException e) {
            return type.getConstructor().newInstance();
        }
    }

    private static Set<String> indexedClasses(ClassLoader loader) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Enumeration<URL> urls = loader.getResources("META-INF/extensions.idx");
            while (urls.hasMoreElements()) {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(urls.nextElement().openStream(), StandardCharsets.UTF_8))) {
                    in.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read META-INF/extensions.idx", e);
        }
        return names;
    }
}
