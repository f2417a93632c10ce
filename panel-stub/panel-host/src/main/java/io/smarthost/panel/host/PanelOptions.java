package io.smarthost.panel.host;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to open a panel.
 *
 * @param home            the home folder (created when missing)
 * @param port            web port; empty = panel.ini {@code [web] port}, else 8880; 0 = pick a free one
 * @param adminPassword   password for the first-run admin; empty = env {@code PANEL_ADMIN_PASSWORD}, else generated and printed
 * @param demoData        empty = panel.ini {@code [panel] demo_data} (default true)
 * @param classpathPlugin plugin id given to non-host extensions found on the class path (plugin module tests)
 * @param bcryptCost      empty = panel.ini {@code [security] bcrypt_cost} (tests use 4 for speed)
 */
public record PanelOptions(Path home, Optional<Integer> port, Optional<String> adminPassword, Optional<Boolean> demoData,
                           Optional<String> classpathPlugin, Optional<Integer> bcryptCost) {

    public static PanelOptions of(Path home) {
        return new PanelOptions(home, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public PanelOptions withPort(int value) {
        return new PanelOptions(home, Optional.of(value), adminPassword, demoData, classpathPlugin, bcryptCost);
    }

    public PanelOptions withAdminPassword(String value) {
        return new PanelOptions(home, port, Optional.of(value), demoData, classpathPlugin, bcryptCost);
    }

    public PanelOptions withDemoData(boolean value) {
        return new PanelOptions(home, port, adminPassword, Optional.of(value), classpathPlugin, bcryptCost);
    }

    public PanelOptions withClasspathPlugin(String pluginId) {
        return new PanelOptions(home, port, adminPassword, demoData, Optional.of(pluginId), bcryptCost);
    }

    public PanelOptions withBcryptCost(int cost) {
        return new PanelOptions(home, port, adminPassword, demoData, classpathPlugin, Optional.of(cost));
    }
}
