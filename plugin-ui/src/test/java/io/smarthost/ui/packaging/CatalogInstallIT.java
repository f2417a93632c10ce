package io.smarthost.ui.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.MenuItem;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginState;

/**
 * The catalogue the build writes ({@code target/catalog}: the plugin zip and its {@code plugins.json})
 * installs the smarthost plugin by id into a fresh, running panel, and its pages answer at once.
 */
class CatalogInstallIT {

    @Test
    void freshPanelInstallsSmarthostFromTheBuildsCatalogue(@TempDir Path home) throws Exception {
        String zip = System.getProperty("smarthost.pluginZip");
        assertNotNull(zip, "run through Maven (failsafe sets smarthost.pluginZip)");
        Path catalog = Path.of(zip).resolveSibling("catalog");
        assertTrue(Files.isRegularFile(catalog.resolve("plugins.json")), "the build writes " + catalog.resolve("plugins.json"));

        try (TestPanel panel = TestPanel.builder(home).ini("[extensions]\nrepositories = " + catalog + "\n").start()) {
            TestPanel.CliRun listing = panel.cli("extension", "--catalog");
            assertEquals(0, listing.exitCode(), listing.err());
            assertTrue(listing.out().contains("smarthost") && listing.out().contains("available"), listing.out());

            TestPanel.CliRun install = panel.cli("extension", "--install", "smarthost");
            assertEquals(0, install.exitCode(), install.err());
            assertEquals(PluginState.STARTED, panel.panel().plugins().getPlugin("smarthost").getPluginState());

            assertTrue(panel.panel().plugins().isActive("smarthost"));
            // every admin page the plugin puts in the menus (without a domain in its URL) answers at once
            List<String> urls = panel.panel().plugins().extensionsOf(MenuItem.class, "smarthost").stream()
                    .map(MenuItem::url).filter(u -> u.startsWith("/plugins/smarthost") && !u.contains("{")).toList();
            PanelClient admin = panel.login("admin");
            for (String url : urls) {
                assertEquals(200, admin.get(url).status(), url);
            }
            String tools = admin.get("/tools/extensions").body();
            assertTrue(tools.contains("smarthost") && tools.contains("Up to date"), "listed as installed and up to date");
        }
    }
}
