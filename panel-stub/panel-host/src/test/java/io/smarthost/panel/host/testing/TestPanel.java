package io.smarthost.panel.host.testing;

import io.smarthost.panel.api.Role;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.PanelOptions;
import io.smarthost.panel.host.cli.PanelCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real panel for tests: a home in a temp folder, the H2 database, plugins loaded by PF4J and the
 * web server on 127.0.0.1 with a free port. Use from any module's tests (panel-host's test-jar):
 *
 * <pre>{@code
 * try (TestPanel panel = TestPanel.builder(tempDir).plugin(zip).start()) {
 *     panel.createCustomer("alice");
 *     panel.createDomain("alice.example", "alice");
 *     PanelClient alice = panel.login("alice");
 *     HttpReply page = alice.get("/plugins/smarthost/domains/alice.example/mail");
 * }
 * }</pre>
 *
 * Users created here get the password {@code password-LOGIN}; the admin's is {@link #ADMIN_PASSWORD}.
 */
public final class TestPanel implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "admin-password";
    private final Panel panel;
    private final String baseUrl;

    private TestPanel(Panel panel, String baseUrl) {
        this.panel = panel;
        this.baseUrl = baseUrl;
    }

    /** The server database of the panels started next ({@link OnPostgres}); null: the embedded H2 one. */
    private static volatile String[] database;

    /** Makes the next panels use this server database (written as [database] into a new panel.ini); null url: H2. */
    public static void useDatabase(String url, String user, String password) {
        database = url == null ? null : new String[] {url, user, password};
    }

    /** Whether the panels of this test run on a database server. */
    public static boolean onDatabaseServer() {
        return database != null;
    }

    public static Builder builder(Path home) {
        return new Builder(home);
    }

    /** What the test panel starts with. */
    public static final class Builder {
        private final Path home;
        private final List<Path> plugins = new ArrayList<>();
        private String ini;
        private String classpathPlugin;
        private boolean demoData;
        private boolean web = true;

        private Builder(Path home) {
            this.home = home;
        }

        /** A plugin file copied into {@code plugins/} before the panel starts. */
        public Builder plugin(Path file) {
            plugins.add(file);
            return this;
        }

        /** Extensions on the test class path (outside the host) belong to this plugin id. */
        public Builder classpathPlugin(String pluginId) {
            this.classpathPlugin = pluginId;
            return this;
        }

        /** The whole text of panel.ini. */
        public Builder ini(String text) {
            this.ini = text;
            return this;
        }

        /** Seed the demo customer and domains (off by default: tests create what they need). */
        public Builder demoData(boolean value) {
            this.demoData = value;
            return this;
        }

        /** Skip the web server (CLI and service tests). */
        public Builder withoutWeb() {
            this.web = false;
            return this;
        }

        public TestPanel start() {
            try {
                Files.createDirectories(home.resolve("plugins"));
                for (Path p : plugins) {
                    Files.copy(p, home.resolve("plugins").resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
                String[] server = database;
                if (server != null && (ini != null || !Files.exists(home.resolve("panel.ini")))) {
                    // a new home's panel.ini: the template (or the test's text) with the server database
                    String text = ini != null ? ini : new String(TestPanel.class.getResourceAsStream("/home-template/panel.ini")
                            .readAllBytes(), StandardCharsets.UTF_8).replace("<home>", home.toString());
                    Files.writeString(home.resolve("panel.ini"), text + "\n[database]\nurl = " + server[0] + "\nuser = "
                            + server[1] + "\npassword = " + server[2] + "\n");
                } else if (ini != null) {
                    Files.writeString(home.resolve("panel.ini"), ini);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            PanelOptions options = PanelOptions.of(home).withPort(0).withAdminPassword(ADMIN_PASSWORD).withDemoData(demoData)
                    .withBcryptCost(4);
            if (classpathPlugin != null) {
                options = options.withClasspathPlugin(classpathPlugin);
            }
            Panel panel = Panel.open(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            try {
                String url = web ? panel.startWeb().baseUrl() : panel.baseUrl();
                return new TestPanel(panel, url);
            } catch (RuntimeException e) {
                panel.close();
                throw e;
            }
        }
    }

    /** The panel itself (services, stores, plugin manager). */
    public Panel panel() {
        return panel;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Path home() {
        return panel.home().root();
    }

    public void createUser(String login, Role role, String password) {
        panel.users().create(login, role, password.toCharArray());
    }

    /** A customer whose password is {@code password-LOGIN}. */
    public void createCustomer(String login) {
        createUser(login, Role.CUSTOMER, "password-" + login);
    }

    public void createDomain(String name, String owner, String... aliases) {
        panel.domainManager().create(name, owner);
        for (String alias : aliases) {
            panel.domainManager().addAlias(name, alias);
        }
    }

    /** A new API key of {@code login}. */
    public String apiKey(String login) {
        return panel.apiKeys().create(login).reveal();
    }

    /** Logs in through the real form; the client then holds the session cookie and CSRF token. */
    public PanelClient login(String login, String password) {
        PanelClient client = anonymous();
        HttpReply form = client.get("/login");
        if (form.status() != 200) {
            throw new IllegalStateException("GET /login answered " + form);
        }
        HttpReply reply = client.post("/login", Map.of("username", login, "password", password));
        if (reply.status() != 303) {
            throw new IllegalStateException("login of " + login + " failed: " + reply);
        }
        client.get("/");
        return client;
    }

    /** Logs in {@code admin}, or a user made by {@link #createCustomer}. */
    public PanelClient login(String login) {
        return login(login, login.equals("admin") ? ADMIN_PASSWORD : "password-" + login);
    }

    public PanelClient anonymous() {
        return new PanelClient(baseUrl, null);
    }

    /** A client authenticating with {@code X-API-Key}. */
    public PanelClient api(String apiKey) {
        return new PanelClient(baseUrl, apiKey);
    }

    /** Result of a CLI run. */
    public record CliRun(int exitCode, String out, String err) {
    }

    /** Runs {@code panel bin WORDS...} in this process against this panel. */
    public CliRun cli(String... words) {
        return cliWithStdin("", words);
    }

    public CliRun cliWithStdin(String stdin, String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new PanelCli(panel).run(List.of(words), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        panel.close();
    }
}
