package io.smarthost.panel.host.plugins;

import io.smarthost.panel.api.services.HostServices;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.pf4j.ExtensionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates each extension class once (singleton per class, hence per plugin). Constructor choice, in
 * order: one taking {@link HostServices} (given the contributor's services), one taking the host's own
 * context type (only the host's extensions have it), then the no-argument one.
 */
final class HostExtensionFactory implements ExtensionFactory {

    private static final Logger LOG = LoggerFactory.getLogger(HostExtensionFactory.class);

    private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();
    private volatile Function<Class<?>, HostServices> services;
    private volatile Object hostContext;

    void bind(Function<Class<?>, HostServices> servicesOfClass, Object hostContext) {
        this.services = servicesOfClass;
        this.hostContext = hostContext;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T create(Class<T> extensionClass) {
        Object existing = instances.get(extensionClass);
        if (existing != null) {
            return (T) existing;
        }
        // Not computeIfAbsent: an extension's constructor may ask for another extension (a page asking for
        // the mail backends), and a nested computeIfAbsent on the same map fails with "Recursive update".
        // The monitor is re-entrant, so the nested creation runs on this thread and is stored first.
        synchronized (instances) {
            Object created = instances.get(extensionClass);
            if (created == null) {
                created = instantiate(extensionClass);
                Object raced = instances.putIfAbsent(extensionClass, created);
                created = raced == null ? created : raced;
            }
            return (T) created;
        }
    }

    private Object instantiate(Class<?> type) {
        try {
            for (Constructor<?> c : type.getConstructors()) {
                Class<?>[] params = c.getParameterTypes();
                if (params.length == 1 && params[0] == HostServices.class) {
                    return c.newInstance(services.apply(type));
                }
            }
            if (hostContext != null) {
                for (Constructor<?> c : type.getConstructors()) {
                    Class<?>[] params = c.getParameterTypes();
                    if (params.length == 1 && params[0].isInstance(hostContext)) {
                        return c.newInstance(hostContext);
                    }
                }
            }
            return type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.error("Extension {} failed in its constructor: {}", type.getName(), cause.toString(), cause);
            throw new IllegalStateException("extension " + type.getName() + " could not be created: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            LOG.error("Extension {} needs a public constructor taking HostServices or none: {}", type.getName(), e.toString());
            throw new IllegalStateException("extension " + type.getName() + " has no usable public constructor", e);
        }
    }

    /** Forgets a plugin's instances (after it was stopped or unloaded). */
    void forget(ClassLoader loader) {
        instances.keySet().removeIf(type -> type.getClassLoader() == loader);
    }
}
