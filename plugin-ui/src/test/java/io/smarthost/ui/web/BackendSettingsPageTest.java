package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The server page's card for the settings the selected backend needs besides the relays (issue 13 item 2):
 * drawn from the backend's settings form (here SmarterMail's login), posted to {@code …/server/BACKEND_ID},
 * checked and stored by the backend; the UI names no backend.
 */
class BackendSettingsPageTest {
    static final String SERVER = "/plugins/smarthost/server";
    static final String SECRET = "Sm-admin-Secret-93";

    @TempDir
    static Path home;
    static TestPanel panel;

    @BeforeAll
    static void start() {
        panel = TestPanel.builder(home).classpathPlugin("smarthost").ini("[mail]\nsmarthost.backend = smartermail\n").start();
        panel.createCustomer("alice");
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    @Test
    void theSelectedBackendsFormIsACardOnTheServerPage() {
        PanelClient admin = panel.login("admin");
        HttpReply page = admin.get(SERVER);
        assertEquals(200, page.status(), page.toString());
        for (String part : new String[] {"<section class=\"card\" id=\"smartermail\">", "<h2>SmarterMail connection</h2>",
                "action=\"/plugins/smarthost/server/smartermail\"", "name=\"url\"", "placeholder=\"https://mail.example.com/\"",
                "name=\"username\"", "type=\"password\" name=\"password\"", ">Save connection</button>"}) {
            assertTrue(page.body().contains(part), part + " missing");
        }
        assertFalse(page.body().contains("Login stored"), "nothing stored yet");

        admin.post("/lang", Map.of("lang", "fr"));
        assertTrue(admin.get(SERVER).body().contains("<h2>Connexion SmarterMail</h2>"), "the plugin's translation of the backend's text");
        admin.post("/lang", Map.of("lang", "en"));
    }

    @Test
    void aBadValueIsRefusedByTheBackendAndARefusedLoginStoresNothing() {
        PanelClient admin = panel.login("admin");
        admin.get(SERVER);
        HttpReply bad = admin.post(SERVER + "/smartermail", Map.of("url", "ftp://x", "username", "admin", "password", SECRET));
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("url: give SmarterMail&#39;s web address"), bad.body());
        assertTrue(bad.body().contains("value=\"ftp://x\""), "the typed address is shown again");
        assertFalse(bad.body().contains(SECRET), "never the password");

        HttpReply refused = admin.post(SERVER + "/smartermail", Map.of("url", "http://127.0.0.1:9/", "username", "admin",
                "password", SECRET));
        assertEquals(502, refused.status());
        assertTrue(refused.body().contains("SmarterMail refused the login or could not be reached: "), refused.body());
        assertFalse(refused.body().contains(SECRET));
        assertTrue(panel.panel().services("smarthost").store().get("smartermail/url").isEmpty(), "nothing stored");
    }

    @Test
    void onlyAdminsReachItAndAnIdWithoutSettingsIsNoRoute() throws Exception {
        assertEquals(404, panel.login("alice").post(SERVER + "/smartermail", Map.of("url", "https://mail.example.com/")).status());
        assertEquals(303, panel.anonymous().post(SERVER + "/smartermail", Map.of()).status(), "anonymous: to the login");
        PanelClient admin = panel.login("admin");
        assertEquals(404, admin.post(SERVER + "/postfix", Map.of()).status(), "Postfix needs no settings of its own");
        assertEquals(404, admin.post(SERVER + "/nothing-here", Map.of()).status());
        assertEquals(404, admin.get(SERVER + "/nothing-here").status());
        assertEquals(403, admin.postRaw(SERVER + "/smartermail", Map.of("url", "https://mail.example.com/")).status(), "CSRF");
        try {
            Files.writeString(panel.home().resolve("panel.ini"), "[mail]\nsmarthost.backend = postfix\n");
            assertEquals(0, panel.cli("settings", "--reload-ini").exitCode());
            assertFalse(admin.get(SERVER).body().contains("id=\"smartermail\""), "Postfix selected: no card");
        } finally {
            Files.writeString(panel.home().resolve("panel.ini"), "[mail]\nsmarthost.backend = smartermail\n");
            panel.cli("settings", "--reload-ini");
        }
    }
}
