package io.smarthost.panel.host.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.PanelOptions;
import io.smarthost.panel.host.Samples;
import io.smarthost.panel.host.cli.PanelCli;
import io.smarthost.panel.host.services.DbActionLog;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins installed, updated, disabled and removed in a RUNNING panel, from a catalogue served on
 * 127.0.0.1 and from a local file; the plugin's page answers (or 404s) without a restart.
 */
class RuntimeExtensionsTest {

    @TempDir
    static Path build;
    static Path v1;
    static Path v2;
    static Path v3Broken;

    @TempDir
    Path temp;
    CatalogServer catalog;
    TestPanel panel;

    @BeforeAll
    static void buildPlugins() {
        v1 = Samples.builder(build.resolve("v1")).version("1.0.0").buildZip("sample-1.0.0.zip");
        v2 = Samples.builder(build.resolve("v2")).version("2.0.0").buildZip("sample-2.0.0.zip");
        v3Broken = Samples.builder(build.resolve("v3")).version("3.0.0")
                .pluginClass("io.smarthost.sample.FailingSamplePlugin").buildZip("sample-3.0.0.zip");
    }

    @BeforeEach
    void start() throws IOException {
        catalog = new CatalogServer(temp.resolve("catalog")).offer("sample", "1.0.0", v1);
        panel = TestPanel.builder(temp.resolve("home")).ini("[extensions]\nrepositories = " + catalog.indexUrl() + "\n").start();
    }

    @AfterEach
    void stop() {
        panel.close();
        catalog.close();
    }

    private List<String> actions() {
        return DbActionLog.latest(panel.panel().jdbc(), 50).stream().map(e -> e.action() + " " + e.target()).toList();
    }

    @Test
    void installFromCatalogueIntoRunningPanelThenUninstallWithoutRestart() {
        PanelClient admin = panel.login("admin");
        assertEquals(404, admin.get("/plugins/sample/admin").status(), "not installed yet");

        TestPanel.CliRun list = panel.cli("extension", "--catalog", "-json");
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().contains("\"status\" : \"available\""), list.out());

        TestPanel.CliRun install = panel.cli("extension", "--install", "sample");
        assertEquals(0, install.exitCode(), install.err());
        assertTrue(install.out().contains("installed sample 1.0.0"), install.out());
        HttpReply page = admin.get("/plugins/sample/admin");
        assertEquals(200, page.status(), "the page answers without a restart");
        assertTrue(page.body().contains("admin page"));
        assertTrue(admin.get("/tools").body().contains("Sample admin"), "its menu item shows too");
        assertTrue(panel.cli("sample", "--help").exitCode() == 0, "its CLI utility is there");

        TestPanel.CliRun uninstall = panel.cli("extension", "--uninstall", "sample");
        assertEquals(0, uninstall.exitCode(), uninstall.err());
        assertEquals(404, admin.get("/plugins/sample/admin").status(), "gone without a restart");
        assertFalse(admin.get("/tools").body().contains("Sample admin"));
        assertEquals(List.of(), filesIn(panel.home().resolve("plugins")).stream().filter(f -> f.startsWith("sample")).toList());
        assertTrue(actions().containsAll(List.of("extension.installed sample", "extension.uninstalled sample")), actions().toString());
    }

    @Test
    void updateReplacesTheRunningVersionAndAFailingOneIsRolledBack() {
        assertEquals(0, panel.cli("extension", "--install", "sample").exitCode());
        PanelClient admin = panel.login("admin");
        catalog.offer("sample", "2.0.0", v2);
        assertEquals(0, panel.cli("extension", "--update", "sample").exitCode());
        assertEquals("2.0.0", panel.panel().plugins().getPlugin("sample").getDescriptor().getVersion());
        assertEquals(200, admin.get("/plugins/sample/admin").status());

        catalog.offer("sample", "3.0.0", v3Broken);
        TestPanel.CliRun update = panel.cli("extension", "--update-all");
        assertEquals(1, update.exitCode(), update.out());
        assertTrue(update.out().contains("failed to start") && update.out().contains("2.0.0 keeps running"), update.out());
        assertEquals("2.0.0", panel.panel().plugins().getPlugin("sample").getDescriptor().getVersion());
        assertEquals(200, admin.get("/plugins/sample/admin").status(), "the previous version still serves its page");
        assertTrue(actions().contains("extension.updated sample"));
    }

    @Test
    void localFileInstallDisableAndEnableAtRuntime() {
        TestPanel.CliRun install = panel.cli("extension", "--install", v1.toString());
        assertEquals(0, install.exitCode(), install.err());
        PanelClient admin = panel.login("admin");
        assertEquals(200, admin.get("/plugins/sample/admin").status());

        assertEquals(0, panel.cli("extension", "--disable", "sample").exitCode());
        assertEquals(404, admin.get("/plugins/sample/admin").status());
        assertEquals(0, panel.cli("extension", "--enable", "sample").exitCode());
        assertEquals(200, admin.get("/plugins/sample/admin").status());
        TestPanel.CliRun again = panel.cli("extension", "--install", v1.toString());
        assertEquals(1, again.exitCode(), again.err());
        assertTrue(again.err().contains("already installed"), again.err());
        // the same situation from the catalogue: the same exit code (1: the state forbids it, the input is fine)
        TestPanel.CliRun fromCatalogue = panel.cli("extension", "--install", "sample");
        assertEquals(1, fromCatalogue.exitCode(), fromCatalogue.err());
        assertTrue(fromCatalogue.err().contains("sample is already installed"), fromCatalogue.err());
    }

    @Test
    void restrictedModeRefusesCatalogueInstallsButNotALocalFile() {
        panel.panel().settings().set(io.smarthost.panel.host.store.DbPanelSettings.RESTRICTED_MODE, "true");
        TestPanel.CliRun refused = panel.cli("extension", "--install", "sample");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("restricted mode"), refused.err());
        assertEquals(0, panel.cli("extension", "--install", v1.toString()).exitCode());
    }

    @Test
    void extensionsPageInstallsUpdatesAndRemovesForAdminsOnly() {
        panel.createCustomer("alice");
        assertEquals(404, panel.login("alice").get("/tools/extensions").status());
        assertEquals(404, panel.login("alice").post("/tools/extensions/install", Map.of("id", "sample")).status());

        PanelClient admin = panel.login("admin");
        HttpReply page = admin.get("/tools/extensions");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("Install 1.0.0"), page.body());
        assertTrue(admin.get("/tools").body().contains("/tools/extensions"), "menu item under Tools & Settings");
        assertEquals(403, admin.postRaw("/tools/extensions/install", Map.of("id", "sample")).status(), "CSRF");

        HttpReply installed = admin.post("/tools/extensions/install", Map.of("id", "sample"));
        assertEquals(303, installed.status(), installed.body());
        HttpReply after = admin.get(installed.location().orElseThrow().replace(panel.baseUrl(), ""));
        assertTrue(after.body().contains("sample is installed and running"), after.body());
        assertEquals(200, admin.get("/plugins/sample/admin").status());

        catalog.offer("sample", "2.0.0", v2);
        assertTrue(admin.get("/tools/extensions").body().contains("Update to 2.0.0"));
        assertEquals(303, admin.post("/tools/extensions/update", Map.of("id", "sample")).status());
        assertEquals("2.0.0", panel.panel().plugins().getPlugin("sample").getDescriptor().getVersion());

        catalog.offer("sample", "3.0.0", v3Broken);
        HttpReply failed = admin.post("/tools/extensions/update", Map.of("id", "sample"));
        assertEquals(409, failed.status());
        assertTrue(failed.body().contains("keeps running"), failed.body());

        admin.post("/lang", Map.of("lang", "fr"));
        assertTrue(admin.get("/tools/extensions").body().contains("Extensions installées"));
        assertEquals(303, admin.post("/tools/extensions/uninstall", Map.of("id", "sample")).status());
        assertEquals(404, admin.get("/plugins/sample/admin").status());
    }

    @Test
    void aCliProcessForwardsChangesToTheRunningServer() throws IOException {
        Path control = ControlFile.location(panel.home().resolve("data"));
        assertTrue(Files.isRegularFile(control));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(control)));

        // a second Panel on the same home, without web: what `panel bin` does in its own process
        try (Panel cliProcess = Panel.open(PanelOptions.of(panel.home()).withBcryptCost(4), quiet())) {
            Result install = run(cliProcess, "extension", "--install", "sample");
            assertEquals(0, install.code(), install.err());
            assertTrue(install.out().contains("the running panel has applied it"), install.out());
            assertTrue(panel.panel().plugins().isActive("sample"), "the server loaded and started it");
            assertEquals(200, panel.login("admin").get("/plugins/sample/admin").status());

            Result uninstall = run(cliProcess, "extension", "--uninstall", "sample");
            assertEquals(0, uninstall.code(), uninstall.err());
            assertEquals(404, panel.login("admin").get("/plugins/sample/admin").status());
        }
    }

    @Test
    void controlEndpointHidesItselfWithoutTheToken() {
        HttpReply wrong = panel.anonymous().json("POST", ControlClient.PATH, "{\"args\":[\"--install\",\"sample\"]}");
        assertEquals(404, wrong.status());
        HttpReply asAdmin = panel.login("admin").json("POST", ControlClient.PATH, "{\"args\":[\"--install\",\"sample\"]}");
        assertEquals(404, asAdmin.status(), "an admin session is not the host-private token");
        assertFalse(panel.panel().plugins().isActive("sample"));
    }

    @Test
    void withoutARunningServerTheCliActsOnTheFiles() throws IOException {
        Path home = temp.resolve("offline");
        try (TestPanel offline = TestPanel.builder(home).ini("[extensions]\nrepositories = " + catalog.indexUrl() + "\n")
                .withoutWeb().start()) {
            // a control file left by a server that died: its port refuses the connection
            ControlFile.create("http://127.0.0.1:9").write(home.resolve("data"));
            TestPanel.CliRun install = offline.cli("extension", "--install", "sample");
            assertEquals(0, install.exitCode(), install.err());
            assertTrue(install.out().contains("takes effect when the panel starts"), install.out());
            assertTrue(filesIn(home.resolve("plugins")).contains("sample-1.0.0.zip"));
        }
        try (TestPanel restarted = TestPanel.builder(home).start()) {
            assertEquals(200, restarted.login("admin").get("/plugins/sample/admin").status());
        }
    }

    private static List<String> filesIn(Path dir) {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(Panel panel, String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new PanelCli(panel).run(List.of(words), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
