package io.smarthost.panel.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.Samples;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sample plugin zip built in a temp folder is discovered and each of its contributions works. */
class SamplePluginTest {

    @TempDir
    static Path temp;
    static TestPanel panel;

    @BeforeAll
    static void start() {
        Path zip = Samples.zip(temp.resolve("build"));
        panel = TestPanel.builder(temp.resolve("home")).plugin(zip).start();
        panel.createCustomer("alice");
        panel.createDomain("alice.example", "alice", "alice-alias.example");
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    @Test
    void pluginIsStartedAndListed() {
        assertTrue(panel.panel().plugins().isActive("sample"));
        TestPanel.CliRun list = panel.cli("extension", "--list", "-json");
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().contains("\"id\" : \"sample\"") && list.out().contains("\"state\" : \"started\""), list.out());
    }

    @Test
    void menuItemShowsForTheRightRoleOnly() {
        PanelClient alice = panel.login("alice");
        String customerPage = alice.get("/").body();
        assertTrue(customerPage.contains("Sample hello"), "customer sees the MAIL item");
        assertFalse(customerPage.contains("Tools &amp; Settings"), "customer does not see Tools & Settings");
        HttpReply tools = panel.login("admin").get("/tools");
        assertTrue(tools.body().contains("Sample admin"), "admin sees the TOOLS_AND_SETTINGS item");
        assertFalse(alice.get("/tools").body().contains("Sample admin"));
    }

    @Test
    void pageRendersInsideTheLayoutWithThePluginsMessages() {
        HttpReply page = panel.login("alice").get("/plugins/sample/hello");
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("<aside class=\"sidebar\" id=\"sidebar\""), "inside the layout");
        assertTrue(page.body().contains("Hello alice"), "plugin template with the plugin's bundle");
        assertTrue(page.body().contains("<title>Sample page"), "title from the plugin's bundle");
    }

    @Test
    void domainTabLinksToThePluginPageForTheDomain() {
        PanelClient alice = panel.login("alice");
        HttpReply domain = alice.get("/domains/alice.example");
        assertTrue(domain.body().contains("/plugins/sample/domains/alice.example"), domain.body());
        HttpReply tab = alice.get("/plugins/sample/domains/alice.example");
        assertEquals(200, tab.status());
        assertTrue(tab.body().contains("<p class=\"domain\">alice.example</p>"));
        HttpReply viaAlias = alice.get("/plugins/sample/domains/alice-alias.example");
        assertTrue(viaAlias.body().contains("<p class=\"domain\">alice.example</p>"), "an alias resolves to its domain");
    }

    @Test
    void restRouteAnswersWithJsonForAnApiKey() {
        String key = panel.apiKey("alice");
        HttpReply status = panel.api(key).get("/api/v2/plugins/sample/status");
        assertEquals(200, status.status(), status.body());
        assertTrue(status.body().contains("\"user\":\"alice\"") && status.body().contains("\"ownDomains\":[\"alice.example\"]"),
                status.body());
    }

    @Test
    void cliCommandRunsAsTheAdministrator() {
        TestPanel.CliRun run = panel.cli("sample", "--hello", "-name", "Bob");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("hello Bob from sample as admin", run.out().strip());
        TestPanel.CliRun bad = panel.cli("sample", "--hello");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("-name"), bad.err());
    }

    @Test
    void domainListenersHearAboutChangesMadeFromTheCli() {
        assertEquals(0, panel.cli("domain", "--create", "events.example", "-owner", "alice").exitCode());
        assertEquals(0, panel.cli("domain", "--rename", "events.example", "-new-name", "events2.example").exitCode());
        assertEquals(0, panel.cli("domain", "--add-alias", "events2.example", "-alias", "ev.example").exitCode());
        assertEquals(0, panel.cli("domain", "--remove-alias", "events2.example", "-alias", "ev.example").exitCode());
        assertEquals(0, panel.cli("domain", "--delete", "events2.example").exitCode());
        List<String> events = new java.util.ArrayList<>();
        panel.panel().services("sample").store().forEach("event.", (k, v) -> events.add(v));
        assertTrue(events.containsAll(List.of("created events.example", "renamed events.example events2.example",
                "alias+ events2.example ev.example", "alias- events2.example ev.example", "deleted events2.example")), events.toString());
    }

    @Test
    void repairRunsEveryHook() {
        TestPanel.CliRun run = panel.cli("repair");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("sample: ok"), run.out());
        // other words are refused without being repeated (one may be a secret); the one command is guessed
        TestPanel.CliRun typo = panel.cli("repair", "--rnu", "Hunter2Secret");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().contains("panel bin repair takes no option, only --run (did you mean --run?); it was given 2 words"),
                typo.err());
        assertTrue(!typo.err().contains("Hunter2") && !typo.out().contains("Hunter2"), typo.err());
    }

    @Test
    void formPostWithTokenSavesThroughTheStore() {
        PanelClient admin = panel.login("admin");
        admin.get("/plugins/sample/hello");
        HttpReply saved = admin.post("/plugins/sample/note", Map.of("note", "kept"));
        assertEquals(303, saved.status(), saved.body());
        assertEquals("kept", panel.panel().services("sample").store().get("note").orElseThrow());
    }

    @Test
    void malformedJsonBodyIsA400NeitherLoggedNorEchoed() {
        PanelClient api = panel.api(panel.apiKey("admin"));
        String[] log = new String[1];
        HttpReply reply = capturingStderr(log, () -> api.json("POST", "/api/v2/plugins/sample/echo", "{\"text\": hunter2secret}"));
        assertEquals(400, reply.status(), reply.body());
        // the field the parser was in is named (strict JSON, issue #14); the value is not echoed
        assertEquals("{\"errors\":[{\"field\":\"text\",\"message\":\"malformed JSON (line 1, column 24)\"}]}", reply.body());
        assertFalse(log[0].contains("hunter2secret"), "the value reached the log: " + log[0]);
    }

    @Test
    void wrongJsonTypeIsA400NamingTheField() {
        PanelClient api = panel.api(panel.apiKey("admin"));
        String[] log = new String[1];
        HttpReply reply = capturingStderr(log, () -> api.json("POST", "/api/v2/plugins/sample/echo", "{\"text\": {\"pw\": \"hunter2secret\"}}"));
        assertEquals(400, reply.status(), reply.body());
        assertEquals("{\"errors\":[{\"field\":\"text\",\"message\":\"wrong type\"}]}", reply.body());
        assertFalse(log[0].contains("hunter2secret"), "the value reached the log: " + log[0]);
        HttpReply unknown = api.json("POST", "/api/v2/plugins/sample/echo", "{\"txet\": \"hunter2secret\"}");
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("\"field\":\"txet\"") && !unknown.body().contains("hunter2secret"), unknown.body());
    }

    /** Runs {@code call} with the log (slf4j-simple writes to System.err) copied into {@code log[0]}. */
    private static HttpReply capturingStderr(String[] log, java.util.function.Supplier<HttpReply> call) {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(copy, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            return call.get();
        } finally {
            System.setErr(original);
            log[0] = copy.toString(java.nio.charset.StandardCharsets.UTF_8);
            original.print(log[0]);
        }
    }
}
