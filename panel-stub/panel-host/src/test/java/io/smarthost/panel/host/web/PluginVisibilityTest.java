package io.smarthost.panel.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.Samples;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host applies the {@code visible}/{@code hidden} hooks of pages, REST and CLI extensions: the
 * sample's greeting (a page, a REST route and {@code panel bin sample --greet}, each recording in the
 * store when it runs, none checking a switch itself) is hidden by {@code [sample] sample.enabled = false}
 * and by restricted mode, at once and without a restart. Hidden answers exactly as a missing route
 * (404, same body) or with the CLI's refusal (exit 1), and the plugin's code never runs.
 */
class PluginVisibilityTest {
    static final String PAGE = "/plugins/sample/greeting";
    static final String API = "/api/v2/plugins/sample/greeting";
    static final String INI_REASON = "the sample is turned off in panel.ini ([sample] sample.enabled = false)";
    static final String RESTRICTED_REASON = "the panel is in restricted mode";

    @TempDir
    static Path temp;
    static TestPanel panel;
    static String ini;

    @BeforeAll
    static void start() throws Exception {
        panel = TestPanel.builder(temp.resolve("home")).plugin(Samples.zip(temp.resolve("build"))).start();
        panel.createCustomer("alice");
        ini = Files.readString(panel.home().resolve("panel.ini"));
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    @Test
    void aHiddenPageRestRouteAndCommandAnswerAsMissingOnesWithoutRunningThePlugin() throws Exception {
        PanelClient alice = panel.login("alice");
        PanelClient aliceApi = panel.api(panel.apiKey("alice"));
        assertEquals(200, alice.get(PAGE).status());
        assertEquals(303, alice.post(PAGE, Map.of()).status());
        assertEquals(200, aliceApi.json("POST", API, "{}").status());
        assertEquals(0, panel.cli("sample", "--greet").exitCode());
        assertEquals(2, panel.cli("sample", "--greet", "-bogus", "x").exitCode(), "visible: the command checks its options");
        assertEquals(4, greetings());
        String missingPage = alice.get("/plugins/sample/no-such-page").body();
        String missingApi = aliceApi.json("POST", "/api/v2/plugins/sample/no-such-route", "{}").body();
        assertEquals("{\"errors\":[{\"field\":null,\"message\":\"not found\"}]}", missingApi);

        for (String reason : new String[] {INI_REASON, RESTRICTED_REASON}) {
            long ran = greetings();
            hide(reason);
            for (PanelClient who : new PanelClient[] {alice, panel.login("admin")}) {
                HttpReply page = who.get(PAGE);
                assertEquals(404, page.status(), reason);
                assertEquals(missingPage, page.body(), "the same page as a route that does not exist");
                assertEquals(404, who.post(PAGE, Map.of()).status(), reason);
            }
            HttpReply api = aliceApi.json("POST", API, "{}");
            assertEquals(404, api.status(), reason);
            assertEquals(missingApi, api.body(), "the same JSON as a route that does not exist");
            assertEquals(404, panel.api(panel.apiKey("admin")).json("POST", API, "{}").status(), reason);
            TestPanel.CliRun cli = panel.cli("sample", "--greet");
            assertEquals(1, cli.exitCode(), cli.err());
            assertEquals("sample: --greet is not available: " + reason, cli.err().strip());
            assertEquals(1, panel.cli("sample", "--greet", "-bogus", "x").exitCode(), "hidden whatever its options");
            assertEquals(ran, greetings(), "no hidden route or command ran");

            // the host's own rules still come first (the hook sees the authenticated user), as before
            HttpReply anonymous = panel.anonymous().get(PAGE);
            assertEquals(303, anonymous.status());
            assertTrue(anonymous.location().orElse("").startsWith("/login"), anonymous.toString());
            assertEquals(401, panel.anonymous().json("POST", API, "{}").status());
            assertEquals(403, alice.postRaw(PAGE, Map.of()).status(), "no CSRF token");
            // the plugin's other extensions and commands are not hidden with it
            assertEquals(200, panel.login("admin").get("/plugins/sample/admin").status());
            assertEquals(200, aliceApi.get("/api/v2/plugins/sample/status").status());
            assertEquals(0, panel.cli("sample", "--hello", "-name", "x").exitCode());
            assertEquals(0, panel.cli("sample", "--help").exitCode(), "the usage stays readable");

            show();
            assertEquals(200, alice.get(PAGE).status(), "visible again without a restart");
            assertEquals(0, panel.cli("sample", "--greet").exitCode());
            assertEquals(ran + 2, greetings());
        }
    }

    @Test
    void restrictedModeHidesTheHelloPageAndItsMenuItemTogether() {
        PanelClient alice = panel.login("alice");
        try {
            assertEquals(0, panel.cli("settings", "--set", "restricted_mode=true").exitCode());
            assertEquals(404, alice.get("/plugins/sample/hello").status());
            assertFalse(alice.get("/").body().contains("/plugins/sample/hello"), "menu item hidden");
            assertEquals(200, panel.login("admin").get("/plugins/sample/admin").status(), "another extension's page stays");
        } finally {
            assertEquals(0, panel.cli("settings", "--set", "restricted_mode=false").exitCode());
        }
        assertEquals(200, alice.get("/plugins/sample/hello").status());
        assertTrue(alice.get("/").body().contains("/plugins/sample/hello"));
    }

    private static long greetings() {
        return panel.panel().services("sample").store().count("greeted.");
    }

    private static void hide(String reason) throws Exception {
        if (reason.equals(RESTRICTED_REASON)) {
            assertEquals(0, panel.cli("settings", "--set", "restricted_mode=true").exitCode());
        } else {
            writeIni(ini + "\n[sample]\nsample.enabled = false\n");
        }
    }

    private static void show() throws Exception {
        assertEquals(0, panel.cli("settings", "--set", "restricted_mode=false").exitCode());
        writeIni(ini);
    }

    private static void writeIni(String text) throws Exception {
        Files.writeString(panel.home().resolve("panel.ini"), text);
        assertEquals(0, panel.cli("settings", "--reload-ini").exitCode());
    }
}
