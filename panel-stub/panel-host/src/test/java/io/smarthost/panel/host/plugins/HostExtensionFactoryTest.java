package io.smarthost.panel.host.plugins;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class HostExtensionFactoryTest {

    static HostExtensionFactory factory;

    public static final class Backend {
        public Backend() {
        }
    }

    /** A page that asks for the backend while it is being created (as the plugin's pages do). */
    public static final class Page {
        final Backend backend;

        public Page() {
            backend = factory.create(Backend.class);
        }
    }

    @Test
    void anExtensionMayAskForAnotherWhileItIsCreated() {
        factory = new HostExtensionFactory();
        factory.bind(type -> null, null);

        Page page = factory.create(Page.class);

        assertNotNull(page.backend, "the nested extension was created (it failed with 'Recursive update')");
        assertSame(page.backend, factory.create(Backend.class), "one instance per class");
        assertSame(page, factory.create(Page.class));
    }
}
