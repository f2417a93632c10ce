package io.smarthost.panel.host.services;

import io.smarthost.panel.api.services.PluginContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PluginContext} of one run of a plugin: made with the plugin's services, closed by the panel
 * when the plugin leaves the started state or the panel closes ({@link #close()}).
 *
 * <p>Each type has a slot of its own, locked only while its object is made: making one may create the
 * plugin's extensions (which takes the extension factory's lock) while another thread, inside the factory,
 * asks for a different type, so one lock for the whole context could deadlock.
 */
public final class HostPluginContext implements PluginContext, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostPluginContext.class);

    private final String pluginId;
    private final Map<Class<?>, Slot> slots = new ConcurrentHashMap<>();
    /** Objects made so far, oldest first; closed newest first. */
    private final Deque<Object> made = new ArrayDeque<>();
    private boolean closed;

    public HostPluginContext(String pluginId) {
        this.pluginId = pluginId;
    }

    @Override
    public <T> T singleton(Class<T> type, Supplier<? extends T> create) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(create, "create");
        refuseWhenClosed();
        return type.cast(slots.computeIfAbsent(type, t -> new Slot()).get(type, create));
    }

    @Override
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Closes every {@link AutoCloseable} singleton, newest first; failures are logged. Idempotent. */
    @Override
    public void close() {
        List<Object> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(made);
            made.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            closeQuietly(toClose.get(i));
        }
    }

    private void closeQuietly(Object object) {
        if (object instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception | LinkageError e) {
                LOG.warn("Plugin '{}': closing {} failed: {}", pluginId, object.getClass().getName(), e.toString());
            }
        }
    }

    private void refuseWhenClosed() {
        if (isClosed()) {
            throw new IllegalStateException("plugin '" + pluginId + "' has stopped: its context is closed");
        }
    }

    /** Records a new object, or closes it at once when the context was closed while it was being made. */
    private void made(Object object) {
        synchronized (this) {
            if (!closed) {
                made.add(object);
                return;
            }
        }
        closeQuietly(object);
        refuseWhenClosed();
    }

    @Override
    public String toString() {
        return "PluginContext[" + pluginId + (isClosed() ? ", closed]" : "]");
    }

    /** One type's object, made once. */
    private final class Slot {
        private Object value;
        private boolean making;

        synchronized Object get(Class<?> type, Supplier<?> create) {
            if (value != null) {
                return value;
            }
            if (making) {
                throw new IllegalStateException("plugin '" + pluginId + "': making the " + type.getName()
                        + " singleton asked for itself");
            }
            making = true;
            try {
                Object object = Objects.requireNonNull(create.get(), () -> "the factory of " + type.getName()
                        + " returned null");
                made(object);
                value = object;
                return object;
            } finally {
                making = false;
            }
        }
    }
}
