package io.smarthost.panel.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code panel bin --home h ...} as a process of its own in {@code dir}, this test run's classes, no inherited home. */
final class BinProcesses {

    private BinProcesses() {
    }

    static ProcessBuilder bin(Path dir, String adminPassword, String... args) {
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), PanelMain.class.getName(), "bin", "--home", "h"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
        pb.environment().remove("PANEL_HOME");
        pb.environment().remove("PANEL_PLUGIN_FILE");
        pb.environment().put("PANEL_ADMIN_PASSWORD", adminPassword);
        return pb;
    }
}
