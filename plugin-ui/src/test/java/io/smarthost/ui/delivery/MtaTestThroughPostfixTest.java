package io.smarthost.ui.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.testing.TestRelay;
import io.smarthost.ui.testing.TwoCustomers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Send through the mail server" through REST and the pages, against the panel's sandbox Postfix started for real
 * and a relay on 127.0.0.1 that accepts alice's login and answers bob's wrong password with 535: the accepted
 * message reports the relay's 250 reply, the refused one the deferral with its advice, a customer can neither
 * start nor read a test of another owner's domain, and the page form (CSRF, no JavaScript) leads to a result page
 * that shows the same, in English and French.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MtaTestThroughPostfixTest {
    static final String BASE = "/api/v2/plugins/smarthost/";
    static final String SECRET = "Server-s3cret-77zq";
    static final ObjectMapper JSON = new ObjectMapper();

    TestPanel panel;
    TestRelay relay;
    PanelClient admin;
    PanelClient alice;
    PanelClient bob;
    SandboxPostfix postfix;

    @BeforeAll
    void start(@TempDir Path home) throws Exception {
        relay = SandboxPostfix.startRelay(SECRET);
        panel = SandboxPostfix.startPanel(home);
        TwoCustomers customers = TwoCustomers.in(panel);
        admin = customers.admin();
        alice = customers.alice();
        bob = customers.bob();
        assertEquals(200, admin.json("PUT", BASE + "server", relay("server-login", SECRET)).status());
        assertEquals(200, admin.json("PUT", BASE + "domains/alice.example", relay("alice-login", "alice-pw")).status());
        assertEquals(200, admin.json("PUT", BASE + "domains/bob.example", relay("bob-login", "WRONG-bob")).status());
        postfix = SandboxPostfix.start(panel);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            postfix.stop();
        } finally {
            panel.close();
            relay.close();
        }
    }

    String relay(String user, String password) {
        return SandboxPostfix.relayJson(relay, user, password);
    }

    /** Polls the test's URL (as a page would, every few hundred ms) until it says it is done. */
    JsonNode follow(PanelClient who, String location) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < end) {
            HttpReply r = who.get(location);
            assertEquals(200, r.status(), r.toString());
            assertFalse(r.body().contains(SECRET) || r.body().contains("WRONG-bob"), "a password appeared: " + r.body());
            last = JSON.readTree(r.body());
            if (last.get("done").asBoolean()) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not done within 45 s: " + last + "\nmaillog:\n" + postfix.maillog());
    }

    static String location(HttpReply r) {
        assertEquals(202, r.status(), r.toString());
        String loc = r.location().orElseThrow(() -> new AssertionError("no Location: " + r));
        return loc.replaceFirst("^https?://[^/]+", "");
    }

    @Test
    void anAcceptedMessageReportsTheRelaysReplyAndSeconds() throws Exception {
        HttpReply started = alice.json("POST", BASE + "domains/alice.example/mta-tests", "{\"to\":\"check@remote.example\"}");
        String loc = location(started);
        assertTrue(loc.startsWith(BASE + "domains/alice.example/mta-tests/"), loc);
        assertTrue(Set.of("STARTING", "QUEUED").contains(JSON.readTree(started.body()).get("state").asText()), started.body());
        JsonNode done = follow(alice, loc);
        assertEquals("SENT", done.get("state").asText(), done.toString());
        assertEquals(250, done.get("replyCode").asInt(), done.toString());
        assertEquals("127.0.0.1[127.0.0.1]:" + relay.port(), done.get("relay").asText());
        assertFalse(done.get("queueId").asText().isEmpty());
        assertTrue(done.get("summary").asText().startsWith("Accepted by 127.0.0.1[127.0.0.1]:" + relay.port() + ": 250"),
                done.toString());
        assertTrue(relay.received().stream().anyMatch(r -> r.from().equals("postmaster@alice.example")
                && r.to().equals("check@remote.example") && r.login().equals(Optional.of("alice-login"))));
        // an alias's address is the domain's own; another customer's domain is not
        HttpReply alias = alice.json("POST", BASE + "domains/alice.example/mta-tests",
                "{\"from\":\"news@alias-alice.example\",\"to\":\"check@remote.example\"}");
        assertEquals("SENT", follow(alice, location(alias)).get("state").asText());
        HttpReply spoof = alice.json("POST", BASE + "domains/alice.example/mta-tests",
                "{\"from\":\"ceo@bob.example\",\"to\":\"check@remote.example\"}");
        assertEquals(400, spoof.status(), spoof.toString());
        assertEquals("from", JSON.readTree(spoof.body()).get("errors").get(0).get("field").asText());
    }

    @Test
    void aRelayRefusingTheLoginReportsTheDeferralWithItsAdvice() throws Exception {
        String loc = location(bob.json("POST", BASE + "domains/bob.example/mta-tests", "{\"to\":\"check@remote.example\"}"));
        JsonNode done = follow(bob, loc);
        assertEquals("DEFERRED", done.get("state").asText(), done.toString());
        assertEquals(535, done.get("replyCode").asInt(), done.toString());
        assertTrue(done.get("advice").asText().contains("password"), done.toString());
        assertTrue(done.get("summary").asText().startsWith("Deferred by the mail server"), done.toString());
        // the admin reads it too, in French when asked in French
        JsonNode asAdmin = JSON.readTree(admin.get(loc).body());
        assertEquals("DEFERRED", asAdmin.get("state").asText());
    }

    @Test
    void aCustomerCannotStartOrReadATestOfAnotherOwnersDomain() throws Exception {
        String bobs = location(bob.json("POST", BASE + "domains/bob.example/mta-tests", "{\"to\":\"x@remote.example\"}"));
        follow(bob, bobs);
        String id = bobs.substring(bobs.lastIndexOf('/') + 1);
        assertTrue(Set.of(403, 404).contains(alice.get(bobs).status()), "bob's test under bob's domain");
        assertEquals(404, alice.get(BASE + "domains/alice.example/mta-tests/" + id).status(), "bob's test under alice's domain");
        assertTrue(Set.of(403, 404).contains(alice.json("POST", BASE + "domains/bob.example/mta-tests",
                "{\"to\":\"x@remote.example\"}").status()), "start a test for bob's domain");
        assertTrue(Set.of(403, 404).contains(alice.json("POST", BASE + "server/mta-tests",
                "{\"from\":\"a@alice.example\",\"to\":\"x@remote.example\"}").status()), "the server's test is the admin's");
        assertEquals(404, admin.get(BASE + "server/mta-tests/" + id).status(), "a domain's test is not the server's");
        HttpReply bad = alice.json("POST", BASE + "domains/alice.example/mta-tests", "{\"to\":\"not an address\"}");
        assertEquals(400, bad.status(), bad.toString());
        assertEquals("to", JSON.readTree(bad.body()).get("errors").get(0).get("field").asText());
        HttpReply unknown = alice.json("POST", BASE + "domains/alice.example/mta-tests", "{\"to\":\"x@remote.example\",\"cc\":1}");
        assertEquals(400, unknown.status(), unknown.toString());
    }

    @Test
    void theServerTestRunsThroughThePagesWithoutJavaScript() throws Exception {
        PanelClient web = panel.login("admin");
        String page = web.get("/plugins/smarthost/server").body();
        assertTrue(page.contains("id=\"mta-test-form\""), "the button is on the server page");
        HttpReply missing = web.post("/plugins/smarthost/server/mta-test", Map.of("from", "", "to", "x@remote.example"));
        assertEquals(400, missing.status());
        assertTrue(missing.body().contains("id=\"err-mta-from\""), missing.body());
        HttpReply noCsrf = web.postRaw("/plugins/smarthost/server/mta-test", Map.of("from", "root@unhosted.example",
                "to", "x@remote.example"));
        assertEquals(403, noCsrf.status(), "the host checks the CSRF token");
        HttpReply posted = web.post("/plugins/smarthost/server/mta-test", Map.of("from", "root@unhosted.example",
                "to", "page@remote.example"));
        assertEquals(303, posted.status(), posted.toString());
        String url = posted.location().orElseThrow().replaceFirst("^https?://[^/]+", "");
        assertTrue(url.startsWith("/plugins/smarthost/server/mta-test/"), url);
        long end = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        String result = web.get(url).body();
        while (result.contains("data-live=\"true\"") && System.nanoTime() < end) {
            assertTrue(result.contains("http-equiv=\"refresh\""), "refreshes itself without JavaScript while running");
            Thread.sleep(300);
            result = web.get(url).body();
        }
        assertTrue(result.contains("Accepted by the relay ("), result);
        assertTrue(result.contains("<code>127.0.0.1[127.0.0.1]:" + relay.port() + "</code>"), "the relay reached");
        assertTrue(result.contains("<code class=\"sh-reply\">250 "), "the relay's reply as it wrote it");
        assertFalse(result.contains("http-equiv=\"refresh\""), "stops refreshing once the relay answered");
        assertFalse(result.contains(SECRET));
        web.post("/lang", Map.of("lang", "fr", "next", url));
        String french = web.get(url).body();
        assertTrue(french.contains("Accepté par le relais (") && french.contains("Identifiant en file d’attente"), french);
        assertEquals(404, web.get("/plugins/smarthost/server/mta-test/no-such-test").status());
        PanelClient bobWeb = panel.login("bob");
        assertTrue(Set.of(403, 404).contains(bobWeb.get(url).status()), "a customer does not see the server's test");
    }
}
