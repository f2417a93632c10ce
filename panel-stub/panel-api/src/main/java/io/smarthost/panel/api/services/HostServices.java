package io.smarthost.panel.api.services;

import io.smarthost.panel.api.RequestContext;
import java.util.Optional;

/**
 * Everything the host hands to one plugin. One instance per plugin; thread-safe.
 *
 * <p>The host creates extensions with its extension factory: a public constructor taking
 * {@code HostServices} is used when present, otherwise the no-argument one. Each extension class is
 * instantiated once per plugin run (singleton). Extensions of the same plugin share objects through
 * {@link #context()}, which the host closes when the plugin stops.
 *
 * @since 1.0
 */
public interface HostServices {

    /** The id of the plugin these services belong to. */
    String pluginId();

    PanelInfo panel();

    /** {@code <home>/panel.ini}, always current (re-read when the file changes). */
    PanelIni ini();

    /** Panel-wide settings such as restricted mode. */
    PanelSettings settings();

    Domains domains();

    /**
     * This run's shared objects: singletons the extensions of the plugin share, closed by the host when
     * the plugin stops (see {@link PluginContext} for when it is made and closed, and on which thread).
     *
     * @since 1.1
     */
    PluginContext context();

    /** This plugin's own transactional key-value store. */
    SettingsStore store();

    SecretBox secrets();

    CommandRunner commands();

    ActionLog actionLog();

    DnsZones dns();

    /** This plugin's messages ({@code i18n/messages*.properties} through its class loader), then the host's. */
    Messages messages();

    /**
     * The request (web, API) or CLI invocation running on this thread; empty on other threads
     * (start-up, background tasks).
     */
    Optional<RequestContext> currentRequest();

    /**
     * Runs {@code work} on the calling thread as part of {@code request}: {@link #currentRequest()}, the
     * action log's user and channel and the messages' language are the request's. For work a request
     * started and another thread finishes (a bulk change answered with 202 and a job). The default runs
     * {@code work} as it is.
     *
     * @since 1.2
     */
    default <T> T asRequest(RequestContext request, java.util.function.Supplier<T> work) {
        return work.get();
    }

    /**
     * Instances of {@code type} among this plugin's own extensions (its {@code classes/} and every jar
     * of its {@code lib/}, e.g. the mail backends of a plugin), created once by the host's extension
     * factory. Lets a plugin use extension points of its own, which the host does not know.
     *
     * @since 1.0
     */
    default <T> java.util.List<T> extensions(Class<T> type) {
        return java.util.List.of();
    }
}
