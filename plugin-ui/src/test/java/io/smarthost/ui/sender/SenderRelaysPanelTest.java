package io.smarthost.ui.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.ui.testing.TwoCustomers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-sender relays through a real panel (host security, H2 store, the Postfix backend writing its sandbox):
 * REST under the domain, the CLI and the pages, each reply scanned for the passwords.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SenderRelaysPanelTest {
    static final String SECRET_A = "Alice-s3cret-91ab";
    static final String SECRET_C = "Carol-s3cret-77cd";
    static final String BASE = "/api/v2/plugins/smarthost/";
    static final ObjectMapper JSON = new ObjectMapper();

    TestPanel panel;
    PanelClient admin;
    PanelClient alice;
    PanelClient bob;

    @BeforeAll
    void start(@TempDir Path home) {
        panel = TestPanel.builder(home).classpathPlugin("smarthost")
                .ini("[mail]\nsmarthost.sender.max_per_domain = 3\n").start();
        TwoCustomers customers = TwoCustomers.in(panel);
        admin = customers.admin();
        alice = customers.alice();
        bob = customers.bob();
    }

    @AfterAll
    void stop() {
        panel.close();
    }

    @AfterEach
    void clean() {
        for (String a : new String[] {"a1@alice.example", "a2@alice.example", "a3@alice.example", "anna@alice.example",
                "carol@alice.example"}) {
            admin.json("DELETE", BASE + "domains/alice.example/senders/" + a, null);
        }
        admin.json("DELETE", BASE + "domains/alice.example", null);
        admin.json("DELETE", BASE + "server", null);
    }

    static HttpReply send(PanelClient c, String method, String path, String json) {
        HttpReply r = method.equals("GET") ? c.get(BASE + path) : c.json(method, BASE + path, method.equals("DELETE") ? null : json);
        assertFalse(r.body().contains(SECRET_A) || r.body().contains(SECRET_C), "a password appeared in " + method + " " + path);
        return r;
    }

    static JsonNode ok(HttpReply r) throws Exception {
        assertEquals(200, r.status(), r.toString());
        return JSON.readTree(r.body());
    }

    static String relay(String host, String user, String secret) {
        return "{\"host\":\"" + host + "\",\"encryption\":\"starttls\",\"verifyCertificate\":false,"
                + (user == null ? "\"authentication\":false}" : "\"authentication\":true,\"username\":\"" + user
                + "\",\"password\":\"" + secret + "\"}");
    }

    String map(String name) throws Exception {
        Path p = panel.home().resolve("mail-sandbox/postfix/smarthost/" + name);
        return Files.exists(p) ? Files.readString(p) : "";
    }

    @Test
    void theOwnerSetsAnAddressRelayThatIsWrittenKeyedByTheAddress() throws Exception {
        JsonNode put = ok(send(alice, "PUT", "domains/alice.example/senders/Anna@Alice.example",
                relay("[relay-a.example]:2525", "anna-login", SECRET_A)));
        // a customer is not told the mail server's folders, tables and processes (a hostile tester read them here)
        assertTrue(put.get("changed").asBoolean(), put.toString());
        assertEquals(0, put.get("steps").size(), put.toString());
        assertFalse(put.toString().contains("mail-sandbox"), put.toString());
        assertTrue(map("sasl_passwd").contains("\nanna@alice.example anna-login:" + SECRET_A + "\n"), "sasl map has the address row");
        assertTrue(map("sender_relay").contains("\nanna@alice.example [relay-a.example]:2525\n"), map("sender_relay"));
        JsonNode list = ok(send(alice, "GET", "domains/alice.example/senders", null));
        assertTrue(list.get("supported").asBoolean());
        assertEquals(3, list.get("limit").asInt());
        assertEquals("anna@alice.example", list.get("items").get(0).get("address").asText());
        assertTrue(list.get("items").get(0).get("settings").get("secretSet").asBoolean());
        assertEquals("anna-login", ok(send(alice, "GET", "domains/alice.example/senders/anna@alice.example", null))
                .get("settings").get("username").asText());
        JsonNode verify = ok(send(admin, "GET", "verify", null));
        assertTrue(verify.get("agrees").asBoolean(), verify.toString());

        ok(send(alice, "DELETE", "domains/alice.example/senders/anna@alice.example", null));
        assertFalse(map("sasl_passwd").contains("anna@alice.example"));
        assertEquals(404, send(alice, "GET", "domains/alice.example/senders/anna@alice.example", null).status());
    }

    @Test
    void anotherCustomerOrAnotherDomainsAddressIsRefused() throws Exception {
        assertEquals(404, send(bob, "PUT", "domains/alice.example/senders/anna@alice.example", relay("[r.example]:25", null, null)).status());
        assertEquals(404, send(bob, "GET", "domains/alice.example/senders", null).status());
        HttpReply other = send(alice, "PUT", "domains/alice.example/senders/x@bob.example", relay("[r.example]:25", null, null));
        assertEquals(400, other.status(), other.toString());
        assertEquals("address", JSON.readTree(other.body()).get("errors").get(0).get("field").asText());
        HttpReply alias = send(alice, "PUT", "domains/alice.example/senders/x@alias-alice.example", relay("[r.example]:25", null, null));
        assertEquals(400, alias.status());
        HttpReply bad = send(alice, "PUT", "domains/alice.example/senders/not%20an%20address", relay("[r.example]:25", null, null));
        assertEquals(400, bad.status());
        HttpReply badHost = send(alice, "PUT", "domains/alice.example/senders/anna@alice.example", relay("bad host!", null, null));
        assertEquals(400, badHost.status());
        assertEquals("host", JSON.readTree(badHost.body()).get("errors").get(0).get("field").asText());
        assertFalse(map("sasl_passwd").contains("@alice.example "), "nothing written");
    }

    @Test
    void theCountPerDomainIsLimited() throws Exception {
        for (String a : new String[] {"a1", "a2", "a3"}) {
            ok(send(admin, "PUT", "domains/alice.example/senders/" + a + "@alice.example", relay("[r.example]:25", null, null)));
        }
        HttpReply r = send(admin, "PUT", "domains/alice.example/senders/anna@alice.example", relay("[r.example]:25", null, null));
        assertEquals(400, r.status());
        assertTrue(r.body().contains("smarthost.sender.max_per_domain"), r.body());
    }

    @Test
    void whichRelayFollowsThePrecedenceAndHidesTheServerRelayFromCustomers() throws Exception {
        ok(send(admin, "PUT", "server", relay("[server-relay.example]:587", null, null)));
        JsonNode s = ok(send(alice, "GET", "domains/alice.example/which-relay?address=anna@alice.example", null));
        assertEquals("SERVER", s.get("source").asText());
        assertTrue(s.get("relay").isNull(), "a customer is not shown the server's relay");
        assertFalse(s.get("text").asText().contains("server-relay.example"));
        assertEquals("[server-relay.example]:587", ok(send(admin, "GET",
                "domains/alice.example/which-relay?address=anna@alice.example", null)).get("relay").asText());

        ok(send(alice, "PUT", "domains/alice.example", relay("[domain-relay.example]:587", null, null)));
        assertEquals("DOMAIN", ok(send(alice, "GET", "domains/alice.example/which-relay?address=anna@alice.example", null)).get("source").asText());
        JsonNode alias = ok(send(alice, "GET", "domains/alice.example/which-relay?address=anna@alias-alice.example", null));
        assertEquals("ALIAS_DOMAIN", alias.get("source").asText());
        assertEquals("alice.example", alias.get("decidedBy").asText());

        ok(send(alice, "PUT", "domains/alice.example/senders/anna@alice.example", relay("[anna-relay.example]:2525", "anna", SECRET_A)));
        JsonNode own = ok(send(alice, "GET", "domains/alice.example/which-relay?address=ANNA@alice.example", null));
        assertEquals("ADDRESS", own.get("source").asText());
        assertEquals("[anna-relay.example]:2525", own.get("relay").asText());
        assertEquals(400, send(alice, "GET", "domains/alice.example/which-relay?address=x@bob.example", null).status(),
                "a customer learns nothing about another domain");
    }

    @Test
    void theCliUpdatesListsExplainsAndRemovesWithTheSecretOnStandardInputOnly() throws Exception {
        TestPanel.CliRun up = panel.cliWithStdin(SECRET_C + "\n", "smarthost", "--update-sender", "carol@alice.example",
                "-host", "[relay-c.example]:2525", "-encryption", "starttls", "-verify-certificate", "false",
                "-auth", "true", "-username", "carol-login", "-password-stdin");
        assertEquals(0, up.exitCode(), up.err());
        assertTrue(up.out().startsWith("Applied: carol@alice.example"), up.out());
        assertTrue(map("sasl_passwd").contains("\ncarol@alice.example carol-login:" + SECRET_C + "\n"));
        // options left out keep their saved value, the blank password keeps the secret for the same relay and login
        TestPanel.CliRun verify = panel.cli("smarthost", "--update-sender", "carol@alice.example", "-verify-certificate", "true");
        assertEquals(0, verify.exitCode(), verify.err());
        assertTrue(map("sasl_passwd").contains("\ncarol@alice.example carol-login:" + SECRET_C + "\n"));
        // ... and never for another relay: the password must be given again
        TestPanel.CliRun moved = panel.cli("smarthost", "--update-sender", "carol@alice.example", "-port", "2526");
        assertEquals(2, moved.exitCode());
        assertTrue(moved.err().contains("-password-stdin"), moved.err());
        assertEquals(0, panel.cliWithStdin(SECRET_C + "\n", "smarthost", "--update-sender", "carol@alice.example", "-port", "2526",
                "-password-stdin").exitCode());
        assertTrue(map("sender_relay").contains("\ncarol@alice.example [relay-c.example]:2526\n"), map("sender_relay"));

        TestPanel.CliRun list = panel.cli("smarthost", "--list-senders");
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().contains("carol@alice.example") && list.out().contains("carol-login"), list.out());
        TestPanel.CliRun json = panel.cli("smarthost", "--list-senders", "-domain", "alice.example", "-json");
        assertEquals("carol@alice.example", JSON.readTree(json.out()).get("items").get(0).get("address").asText());
        assertTrue(panel.cli("smarthost", "--list").out().contains("1 sender address has a relay of its own"));
        assertTrue(panel.cli("smarthost", "--info", "-domain", "alice.example").out().contains("carol@alice.example"));
        TestPanel.CliRun which = panel.cli("smarthost", "--which-relay", "carol@alice.example", "-json");
        assertEquals("ADDRESS", JSON.readTree(which.out()).get("source").asText());
        assertTrue(panel.cli("smarthost", "--which-relay", "dave@alice.example").out().contains("directly"));
        for (TestPanel.CliRun r : new TestPanel.CliRun[] {up, list, json, which}) {
            assertFalse((r.out() + r.err()).contains(SECRET_C));
        }

        TestPanel.CliRun bad = panel.cli("smarthost", "--update-sender", "carol at alice.example", "-host", "r.example");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("address"), bad.err());
        assertEquals(2, panel.cli("smarthost", "--update-sender", "x@nowhere.example", "-host", "r.example").exitCode());
        assertEquals(2, panel.cli("smarthost", "--update-sender", "-host", "r.example").exitCode());
        assertEquals(2, panel.cli("smarthost", "--update-sender", "x@alice.example", "-password", "nope").exitCode());

        assertEquals(0, panel.cli("smarthost", "--remove-sender", "carol@alice.example").exitCode());
        assertFalse(map("sasl_passwd").contains("carol@alice.example"));
        // removed already: nothing to remove, said so, exit 0 (it was exit 2, as for a mistyped address)
        TestPanel.CliRun again = panel.cli("smarthost", "--remove-sender", "carol@alice.example");
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals("Nothing to remove: carol@alice.example has no relay of its own\n", again.out());
    }

    @Test
    void theDomainPageListsTheAddressesAndTheSenderPageAddsEditsLooksUpAndRemoves() throws Exception {
        PanelClient web = panel.login("alice");
        String page = "/plugins/smarthost/domains/alice.example/senders";
        HttpReply saved = web.post(page, Map.of("address", "anna@alice.example", "enabled", "on", "host", "[relay-a.example]:2525",
                "encryption", "starttls", "verifyCertificateShown", "1", "authentication", "on", "username", "anna-login",
                "password", SECRET_A, "action", "save"));
        assertEquals(200, saved.status(), saved.body());
        assertTrue(saved.body().contains("id=\"saved\""), saved.body());
        assertFalse(saved.body().contains(SECRET_A));
        assertTrue(map("sasl_passwd").contains("\nanna@alice.example anna-login:" + SECRET_A + "\n"));

        HttpReply domainPage = web.get("/plugins/smarthost/domains/alice.example");
        assertTrue(domainPage.body().contains("id=\"sender-list\"") && domainPage.body().contains("anna@alice.example"), domainPage.body());
        assertTrue(domainPage.body().contains("id=\"which-form\""));

        HttpReply edit = web.get(page + "?address=anna@alice.example");
        assertTrue(edit.body().contains("value=\"anna-login\""), edit.body());
        // the form's script, as on the domain page: the login fields show only with "Authentication required" ticked,
        // and an error or the removal's question is brought into view (a hostile tester: neither happened here)
        assertTrue(edit.body().contains("/assets/smarthost.js\"></script>"), edit.body());
        assertTrue(edit.body().contains("<div id=\"auth-fields\" class=\"sh-auth\">"), edit.body());
        assertFalse(edit.body().contains(SECRET_A));

        HttpReply which = web.get(page + "?which=anna@alice.example");
        assertTrue(which.body().contains("id=\"which-answer\"") && which.body().contains("data-source=\"ADDRESS\""), which.body());
        assertEquals(400, web.get(page + "?which=x@bob.example").status());

        HttpReply bad = web.post(page, Map.of("address", "an na@alice.example", "enabled", "on", "host", "r.example",
                "encryption", "starttls", "action", "save"));
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("id=\"err-address\""), bad.body());

        HttpReply ask = web.post(page, Map.of("address", "anna@alice.example", "action", "remove"));
        assertTrue(ask.body().contains("id=\"confirm-remove\""), ask.body());
        assertTrue(ask.body().contains("Remove this address"), "not the domain's button: " + ask.body());
        assertTrue(map("sasl_passwd").contains("anna@alice.example"), "not removed before the confirmation");
        HttpReply removed = web.post(page, Map.of("address", "anna@alice.example", "action", "remove", "confirm", "yes"));
        assertEquals(200, removed.status());
        assertFalse(map("sasl_passwd").contains("anna@alice.example"));

        PanelClient bobWeb = panel.login("bob");
        assertEquals(404, bobWeb.get(page).status());
    }
}
