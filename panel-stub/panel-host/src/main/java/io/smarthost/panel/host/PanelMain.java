package io.smarthost.panel.host;

import io.smarthost.panel.host.cli.PanelCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point: {@code start [--home DIR] [--port N]} runs the panel in the foreground;
 * {@code bin [--home DIR] UTILITY ...} runs one CLI utility against the same home (whether or not
 * the server runs) and exits with its code.
 */
public final class PanelMain {

    private PanelMain() {
    }

    public static void main(String[] argv) throws InterruptedException {
        List<String> words = new ArrayList<>(List.of(argv));
        if (words.isEmpty() || !(words.get(0).equals("start") || words.get(0).equals("bin"))) {
            System.err.println("usage: panel start [--home DIR] [--port N] | panel bin [--home DIR] UTILITY --command ...");
            System.exit(2);
        }
        String mode = words.remove(0);
        Path home = Path.of(System.getenv().getOrDefault("PANEL_HOME", "panel-home"));
        Integer port = null;
        while (words.size() >= 2 && (words.get(0).equals("--home") || words.get(0).equals("--port"))) {
            String option = words.remove(0);
            String value = words.remove(0);
            if (option.equals("--home")) {
                home = Path.of(value);
            } else {
                try {
                    port = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    System.err.println("--port must be a number from 1 to 65535, not '" + value + "'");
                    System.exit(2);
                }
            }
        }
        logLevel(mode.equals("start") ? "info" : "warn");
        PanelOptions options = PanelOptions.of(home);
        if (port != null) {
            options = options.withPort(port);
        }
        if (mode.equals("bin")) {
            int code;
            try (Panel panel = openOrExit(options, System.err)) {
                code = new PanelCli(panel).run(words, System.in, System.out, System.err);
            }
            System.exit(code);
        }
        start(options);
    }

    private static void start(PanelOptions options) throws InterruptedException {
        Panel panel = openOrExit(options, System.out);
        String url = panel.startWeb().baseUrl();
        panel.announceStarted(java.util.Optional.empty());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            panel.close();
            stopped.countDown();
        }, "panel-shutdown"));
        System.out.println();
        System.out.println("Panel running at " + url + "/  (home: " + panel.home().root() + ")");
        System.out.println("Log in as 'admin' with the password printed on first start (or PANEL_ADMIN_PASSWORD);");
        System.out.println("change it with: ./panel bin user --set-password admin -password-stdin");
        System.out.println("Press Ctrl+C to stop.");
        stopped.await();
    }

    /** A database that cannot be used ([database] url, login, server down): one line naming the setting, exit 1. */
    private static Panel openOrExit(PanelOptions options, java.io.PrintStream console) {
        try {
            return Panel.open(options, console);
        } catch (io.smarthost.panel.host.db.DatabaseConfigException e) {
            System.err.println("panel: " + e.getMessage());
            System.exit(1);
            throw e;
        }
    }

    private static void logLevel(String level) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        }
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss");
        System.setProperty("org.slf4j.simpleLogger.log.org.glassfish", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.pf4j", "warn");
        // the pool's own stack trace when the database cannot be reached at start would bury the one line
        // openOrExit prints; failures while running reach the log as the requests' 503 entries
        System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "off");
        System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
    }
}
