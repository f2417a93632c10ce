package io.smarthost.panel.host.plugins;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.pf4j.LegacyExtensionFinder;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;
import org.pf4j.processor.LegacyExtensionStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code META-INF/extensions.idx} from <em>every</em> entry of a plugin's class path
 * ({@code classes/} and each jar in {@code lib/}). PF4J's own finder reads only the first index its
 * class loader finds, so extensions living in a {@code lib/} jar would silently be missed.
 */
final class AllJarsExtensionFinder extends LegacyExtensionFinder {

    private static final Logger LOG = LoggerFactory.getLogger(AllJarsExtensionFinder.class);

    AllJarsExtensionFinder(PluginManager pluginManager) {
        super(pluginManager);
    }

    @Override
    public Map<String, Set<String>> readPluginsStorages() {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        for (PluginWrapper plugin : pluginManager.getPlugins()) {
            String pluginId = plugin.getDescriptor().getPluginId();
            Set<String> bucket = new HashSet<>();
            if (plugin.getPluginClassLoader() instanceof PluginClassLoader loader) {
                try {
                    // findResources: this plugin's own URLs only, never the host's index
                    Enumeration<URL> urls = loader.findResources(LegacyExtensionStorage.EXTENSIONS_RESOURCE);
                    while (urls.hasMoreElements()) {
                        URL url = urls.nextElement();
                        try (Reader reader = new InputStreamReader(url.openStream(), StandardCharsets.UTF_8)) {
                            LegacyExtensionStorage.read(reader, bucket);
                        }
                    }
                } catch (IOException e) {
                    LOG.error("Plugin '{}': cannot read its extension index: {}", pluginId, e.getMessage(), e);
                }
            }
            result.put(pluginId, bucket);
        }
        return result;
    }
}
