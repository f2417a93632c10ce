package io.smarthost.panel.testkit;

import io.smarthost.panel.api.services.PluginContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A plugin context for tests, as the panel keeps one: singletons made once, closed newest first by
 * {@link #close()} (the panel does that when the plugin stops), nothing made after that.
 */
public final class TestPluginContext implements PluginContext, AutoCloseable {
    private final Map<Class<?>, Object> singletons = new LinkedHashMap<>();
    private boolean closed;

    @Override
    public synchronized <T> T singleton(Class<T> type, Supplier<? extends T> create) {
        if (closed) {
            throw new IllegalStateException("the test plugin's context is closed");
        }
        Object existing = singletons.get(type);
        if (existing == null) {
            existing = create.get();
            singletons.put(type, existing);
        }
        return type.cast(existing);
    }

    @Override
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws Exception {
        List<Object> made;
        synchronized (this) {
            closed = true;
            made = new ArrayList<>(singletons.values());
            singletons.clear();
        }
        for (int i = made.size() - 1; i >= 0; i--) {
            if (made.get(i) instanceof AutoCloseable c) {
                c.close();
            }
        }
    }
}
