package io.smarthost.panel.api.services;

import java.nio.file.Path;

/**
 * Facts about the running panel.
 *
 * @since 1.0
 */
public interface PanelInfo {

    /** The panel's version (what {@code Plugin-Requires} is checked against), e.g. {@code 1.0.0}. */
    String version();

    /** The panel's home folder. */
    Path home();

    /** A folder for this plugin's own files under {@code <home>/data/plugins/<id>}; created on demand. */
    Path pluginDataDir();

    /**
     * The sandbox mail-server configuration folder under the home ({@code <home>/mail-sandbox}),
     * used by default instead of the machine's real configuration.
     */
    Path mailSandbox();

    /** The base URL the web server listens on, e.g. {@code http://127.0.0.1:8880}. */
    String baseUrl();
}
