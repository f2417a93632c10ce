package io.smarthost.panel.host.plugins;

/**
 * One extension and who contributed it.
 *
 * @param pluginId the plugin's id, or {@link PanelPluginManager#HOST_ID} for the host's own extensions
 * @param loader   the class loader of the contributor (templates, messages and validation bundles come from it)
 */
public record Contribution<T>(String pluginId, T extension, ClassLoader loader) {
}
