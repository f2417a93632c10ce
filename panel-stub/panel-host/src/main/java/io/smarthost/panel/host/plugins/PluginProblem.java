package io.smarthost.panel.host.plugins;

import java.nio.file.Path;

/**
 * A plugin file the panel refused, and why, in words for the administrator.
 *
 * @param file     the file or folder under {@code plugins/}
 * @param pluginId the id it declares, when it could be read
 * @param reason   what is wrong and what would fix it
 */
public record PluginProblem(Path file, String pluginId, String reason) {
}
