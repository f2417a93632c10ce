package io.smarthost.panel.host;

import io.smarthost.panel.api.Role;
import io.smarthost.panel.host.ini.HostIniKeys;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.List;

/**
 * Seeds an empty database: the {@code admin} account (password from {@code PANEL_ADMIN_PASSWORD}, or
 * generated and printed once), the DNS template, and unless turned off a demo customer {@code demo}
 * owning example.com (alias example.info), example.net and shop.example.org.
 */
final class FirstRun {

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private final Panel panel;
    private final PrintStream console;

    FirstRun(Panel panel, PrintStream console) {
        this.panel = panel;
        this.console = console;
    }

    void seed(boolean freshHome) {
        if (!panel.users().list().isEmpty()) {
            return;
        }
        if (panel.dns().template().isEmpty()) {
            panel.dns().defaultTemplate().forEach(r -> panel.jdbc().insert(
                    "insert into dns_template(name, rtype, val, ttl) values (?, ?, ?, ?)", r.name(), r.type(), r.value(), r.ttl()));
        }
        String fromEnv = System.getenv("PANEL_ADMIN_PASSWORD");
        String password = panel.options().adminPassword()
                .orElse(fromEnv != null && !fromEnv.isBlank() ? fromEnv : null);
        boolean generated = password == null;
        if (generated) {
            password = generate();
        }
        panel.users().create("admin", Role.ADMIN, password.toCharArray());
        console.println("Created the administrator account 'admin'" + (generated
                ? " with password: " + password + "\n  (shown only this once; set PANEL_ADMIN_PASSWORD before the first start to choose it)"
                : " with the password from " + (panel.options().adminPassword().isPresent() ? "the options" : "PANEL_ADMIN_PASSWORD") + "."));
        boolean demo = panel.options().demoData().orElseGet(() -> panel.ini().getBoolean(HostIniKeys.DEMO_DATA));
        if (demo) {
            String demoPassword = generate();
            panel.users().create("demo", Role.CUSTOMER, demoPassword.toCharArray());
            for (String name : List.of("example.com", "example.net", "shop.example.org")) {
                panel.domainManager().create(name, "demo");
            }
            panel.domainManager().addAlias("example.com", "example.info");
            console.println("Created the demo customer 'demo' (password: " + demoPassword + ") owning example.com "
                    + "(alias example.info), example.net and shop.example.org.");
        }
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
