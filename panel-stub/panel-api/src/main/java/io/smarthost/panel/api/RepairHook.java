package io.smarthost.panel.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Re-applies all of a plugin's configuration from its store (the store is the source of truth).
 * Called by {@code panel bin repair} on the CLI thread, after the panel started, and by the plugin
 * itself when it wants to.
 *
 * @since 1.0
 */
public interface RepairHook extends ExtensionPoint {

    /** Short id shown in reports, e.g. {@code smarthost}. */
    String id();

    Result repair();

    /** @param ok whether everything was re-applied; messages say what was done or failed. */
    record Result(boolean ok, List<String> messages) {
        public Result {
            messages = List.copyOf(messages);
        }
    }
}
