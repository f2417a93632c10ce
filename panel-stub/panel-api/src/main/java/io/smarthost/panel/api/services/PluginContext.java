package io.smarthost.panel.api.services;

import java.util.function.Supplier;

/**
 * What one run of a plugin shares between its extensions (a service, a pool of worker threads, a cache),
 * with a life cycle the host owns, as Keycloak's provider factories have {@code init} and {@code close}.
 * Reached through {@link HostServices#context()}; extensions keep no static registry of their own.
 *
 * <p><b>Created</b> by the host with the plugin's {@link HostServices}, after the plugin started and before
 * its first extension is created, on whichever thread asks first (for the host's own extensions and a
 * plugin run from the panel's class path: when the panel opens). One context per run: a plugin that is
 * stopped and started again, updated or reinstalled gets a new, empty one.
 *
 * <p><b>Closed</b> by the host once the plugin left the started state (PF4J stop, disable, unload; an
 * update, uninstall or disable from Tools &amp; Settings &gt; Extensions or {@code panel bin extension}
 * while the panel runs) and when the panel closes (the end of {@code panel start}, of each
 * {@code panel bin} command), on the thread that did it, after the plugin's {@code Plugin.stop()}.
 * Closing calls {@link AutoCloseable#close()} on every singleton that is one, newest first; an
 * exception is logged and the others are closed all the same. A closed context creates nothing more.
 *
 * <p>Thread-safe.
 *
 * @since 1.1
 */
public interface PluginContext {

    /**
     * The plugin's one instance of {@code type} for this run: made by {@code create} on the first call
     * (once, even when threads ask at the same time; other types can be made meanwhile, also from inside
     * {@code create}), the same object afterwards. When it is {@link AutoCloseable}, the host closes it
     * with the context.
     *
     * @throws IllegalStateException when the context is closed (the plugin stopped), or when
     *                               {@code create} asks for its own type
     */
    <T> T singleton(Class<T> type, Supplier<? extends T> create);

    /** Whether the host has closed this context (the plugin stopped). */
    boolean isClosed();
}
