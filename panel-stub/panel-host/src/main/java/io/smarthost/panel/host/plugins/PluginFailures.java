package io.smarthost.panel.host.plugins;

import org.pf4j.PluginAlreadyLoadedException;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * PF4J's refusals as sentences. PF4J reports a plugin class it cannot create by handing back no plugin, and its
 * own {@code startPlugin} then fails with a {@link NullPointerException}; a user must read what went wrong with
 * their file instead ("its plugin class 'x.Y' was not found in the file").
 */
public final class PluginFailures {

    private PluginFailures() {
    }

    /** Why loading or starting failed, from what was thrown ({@code pluginId}: the plugin loaded so far, or null). */
    public static String sentence(Throwable e, PluginManager plugins, String pluginId) {
        PluginWrapper plugin = pluginId == null ? null : plugins.getPlugin(pluginId);
        if (e instanceof ArchiveLimits.Refused) {
            return e.getMessage();
        }
        if (e instanceof PluginAlreadyLoadedException already) {
            return "a plugin with the id '" + already.getPluginId() + "' is already loaded (uninstall it first, or update it)";
        }
        if (e instanceof NullPointerException) {
            return plugin == null ? "PF4J could not read it as a plugin (check plugin.properties, or Plugin-Id in the jar's manifest)"
                    : pluginClass(plugin);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Why a loaded plugin is not STARTED. */
    public static String sentence(PluginWrapper plugin, PluginState state) {
        if (plugin == null) {
            return "it is " + state;
        }
        Throwable failed = plugin.getFailedException();
        if (failed == null || failed instanceof NullPointerException || failed instanceof ClassNotFoundException
                || failed instanceof LinkageError) {
            return state == PluginState.DISABLED ? "it is disabled" : pluginClass(plugin);
        }
        return "its start failed: " + (failed.getMessage() == null ? failed.getClass().getSimpleName() : failed.getMessage());
    }

    private static String pluginClass(PluginWrapper plugin) {
        Throwable failed = plugin.getFailedException();
        if (failed == null || failed instanceof NullPointerException) {
            failed = tryLoading(plugin); // PF4J logged why and kept nothing: ask the plugin's class loader again
        }
        String why = failed instanceof ClassNotFoundException ? "was not found in the file"
                : failed instanceof LinkageError link ? "could not be linked (" + link.getClass().getSimpleName() + ": " + link.getMessage() + ")"
                : failed != null && failed.getMessage() != null && !(failed instanceof NullPointerException)
                        ? "could not be created (" + failed.getMessage() + ")"
                        : "could not be loaded or created";
        return "its plugin class '" + plugin.getDescriptor().getPluginClass() + "' " + why;
    }

    private static Throwable tryLoading(PluginWrapper plugin) {
        try {
            ClassLoader loader = plugin.getPluginClassLoader();
            if (loader != null) {
                Class.forName(plugin.getDescriptor().getPluginClass(), false, loader);
            }
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return e;
        }
    }
}
