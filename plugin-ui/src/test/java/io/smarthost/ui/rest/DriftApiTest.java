package io.smarthost.ui.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.ui.testing.HandEdits;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, drift through the API: a relay set up by hand is taken over after a 409, then twice over:
 * disable (the hand-written settings come back), a hand edit of relayhost, enable: 409 with the diff
 * until {@code "confirmTakeover": true}. Lines the panel does not manage stay byte for byte.
 */
class DriftApiTest {
    static final String SERVER = "/api/v2/plugins/smarthost/server";
    static final String ENABLE = "{\"host\":\"[192.0.2.40]\",\"port\":587,\"encryption\":\"starttls\",\"authentication\":false}";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void disableHandEditEnableAnswers409WithTheDiffEachTime(@TempDir Path home) throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            HandEdits hand = new HandEdits(panel.home());
            PanelClient admin = panel.api(panel.apiKey("admin"));
            String before = hand.addHandRelay("[10.9.9.9]:25");
            JsonNode detected = JSON.readTree(admin.get("/api/v2/plugins/smarthost/inspect").body()).get("detectedRelay");
            assertEquals("10.9.9.9", detected.get("host").asText());
            assertEquals(HandEdits.HAND_USER, detected.get("username").asText());
            enableAfterConfirmation(admin, hand, before, "[10.9.9.9]:25");

            for (int round = 1; round <= 2; round++) {
                assertEquals(200, admin.json("POST", SERVER + "/disable", "").status());
                assertEquals(before, hand.read(), "round " + round + ": the settings written by hand are back as they were");
                String handRelay = "[10.9.8." + round + "]:2525";
                before = hand.setRelayhost(handRelay);
                enableAfterConfirmation(admin, hand, before, handRelay);
            }
            // a hand edit while the relay is on: turning it off writes over it too, so that asks as well
            String onByHand = hand.setRelayhost("[10.9.5.5]:25");
            HttpReply refused = admin.json("POST", SERVER + "/disable", "");
            assertEquals(409, refused.status(), refused.toString());
            JsonNode drift = find(JSON.readTree(refused.body()).get("drift"), "relayhost");
            assertEquals("[10.9.5.5]:25", drift.get("handValue").asText());
            assertEquals("[192.0.2.40]:587", drift.get("panelValue").asText());
            assertEquals("[10.9.8.2]:2525", drift.get("proposed").asText(), "what was there before the take-over");
            assertEquals(onByHand, hand.read());
            assertEquals(200, admin.json("POST", SERVER + "/disable", "{\"confirmTakeover\":true}").status());
            assertEquals(before, hand.read(), "the last hand edit and the hand-written smtp_sasl_password_maps are back");
            assertEquals(hand.handTable(), hand.active("smtp_sasl_password_maps"));
        }
    }

    /**
     * A hostile tester's hand fix after a crash was written over by a DELETE without a word (only PUT and disable
     * asked): removing a domain's or an address's relay now asks the same question when it writes over a hand edit.
     */
    @Test
    void removingADomainOrSenderRelayOverAHandEditAnswers409UntilConfirmed(@TempDir Path home) throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            panel.createCustomer("alice");
            panel.createDomain("alice.example", "alice");
            HandEdits hand = new HandEdits(panel.home());
            PanelClient admin = panel.api(panel.apiKey("admin"));
            PanelClient alice = panel.api(panel.apiKey("alice"));
            String domain = "/api/v2/plugins/smarthost/domains/alice.example";
            assertEquals(200, admin.json("PUT", domain, ENABLE).status());
            String edited = hand.set("sender_dependent_relayhost_maps", "hash:/etc/postfix/our_own_relays");

            HttpReply refused = admin.json("DELETE", domain, null);
            assertEquals(409, refused.status(), refused.toString());
            JsonNode body = JSON.readTree(refused.body());
            assertEquals("confirmTakeover", body.get("errors").get(0).get("field").asText());
            assertEquals("hash:/etc/postfix/our_own_relays",
                    find(body.get("drift"), "sender_dependent_relayhost_maps").get("handValue").asText());
            assertEquals(edited, hand.read(), "nothing written before the confirmation");
            assertEquals(200, admin.get(domain).status());
            assertTrue(JSON.readTree(admin.get(domain).body()).path("settings").path("enabled").asBoolean(),
                    "the domain keeps its relay: " + admin.get(domain).body());

            HttpReply customer = alice.json("DELETE", domain, null);
            assertEquals(409, customer.status(), customer.toString());
            assertFalse(customer.body().contains("our_own_relays"), "a customer is not shown the server's files");
            assertEquals(403, alice.json("DELETE", domain + "?confirmTakeover=true", null).status(),
                    "only an administrator confirms");
            assertEquals(400, admin.json("DELETE", domain + "?confirmTakeover=yes-please", null).status());
            assertEquals(400, admin.json("DELETE", domain + "?confirmTakeover=true&confirmTakeover=false", null).status(),
                    "which one was meant? (the first was taken, and the hand edit written over)");
            assertEquals(edited, hand.read());

            HttpReply confirmed = admin.json("DELETE", domain + "?confirmTakeover=true", null);
            assertEquals(200, confirmed.status(), confirmed.toString());
            assertEquals("", hand.active("sender_dependent_relayhost_maps"), "the last relay is gone: so is its map");

            // an address's relay: the same question
            String sender = domain + "/senders/bob@alice.example";
            assertEquals(200, admin.json("PUT", sender, ENABLE).status());
            edited = hand.set("sender_dependent_relayhost_maps", "hash:/etc/postfix/our_own_relays");
            HttpReply senderRefused = admin.json("DELETE", sender, null);
            assertEquals(409, senderRefused.status(), senderRefused.toString());
            assertEquals(edited, hand.read());
            assertEquals(200, admin.json("DELETE", sender + "?confirmTakeover=true", null).status());
            assertEquals("", hand.active("sender_dependent_relayhost_maps"));
        }
    }

    /**
     * A hostile tester's DELETE of a domain with an alias, a hand edit in place: the 409's preview said KEEP on every
     * row and named none of the entries the removal deletes, and its message said "Saving writes over them".
     */
    @Test
    void aRemovalsPreviewListsTheEntriesItDeletes(@TempDir Path home) throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            panel.createCustomer("alice");
            panel.createDomain("alice.example", "alice", "alias-alice.example");
            HandEdits hand = new HandEdits(panel.home());
            PanelClient admin = panel.api(panel.apiKey("admin"));
            String domain = "/api/v2/plugins/smarthost/domains/alice.example";
            String sender = domain + "/senders/carol@alice.example";
            assertEquals(200, admin.json("PUT", domain, ENABLE).status());
            assertEquals(200, admin.json("PUT", sender, ENABLE.replace("192.0.2.40", "192.0.2.44")).status());
            hand.set("smtp_sasl_security_options", "noanonymous, noplaintext");

            HttpReply refused = admin.json("DELETE", domain, null);
            assertEquals(409, refused.status(), refused.toString());
            JsonNode body = JSON.readTree(refused.body());
            for (String key : List.of("@alice.example", "@alias-alice.example")) {
                JsonNode line = find(body.get("preview").get("lines"), "sender_relay: " + key);
                assertEquals("REMOVE", line.get("action").asText(), body.get("preview").toString());
                assertEquals("[192.0.2.40]:587", line.get("current").asText());
                assertEquals("", line.get("proposed").asText());
            }
            String message = body.get("errors").get(0).get("message").asText();
            assertFalse(message.contains("Saving"), message);
            assertTrue(message.contains("This change writes over them"), message);

            HttpReply senderRefused = admin.json("DELETE", sender, null);
            assertEquals(409, senderRefused.status(), senderRefused.toString());
            JsonNode senderLine = find(JSON.readTree(senderRefused.body()).get("preview").get("lines"),
                    "sender_relay: carol@alice.example");
            assertEquals("REMOVE", senderLine.get("action").asText(), senderRefused.body());
        }
    }

    private static void enableAfterConfirmation(PanelClient admin, HandEdits hand, String before, String handRelay)
            throws Exception {
        int line = hand.lineOf("relayhost");
        HttpReply refused = admin.json("PUT", SERVER, ENABLE);
        assertEquals(409, refused.status(), refused.toString());
        JsonNode body = JSON.readTree(refused.body());
        assertEquals("confirmTakeover", body.get("errors").get(0).get("field").asText());
        assertTrue(body.get("errors").get(0).get("message").asText().contains("relayhost (main.cf:" + line + ")"), refused.body());
        JsonNode relayhost = find(body.get("drift"), "relayhost");
        assertEquals("main.cf:" + line, relayhost.get("location").asText());
        assertEquals(handRelay, relayhost.get("handValue").asText());
        assertEquals("[192.0.2.40]:587", relayhost.get("proposed").asText());
        assertEquals(hand.handTable(), find(body.get("drift"), "smtp_sasl_password_maps").get("handValue").asText());
        assertTrue(body.get("preview").get("takesOverManual").asBoolean());
        assertEquals(before, hand.read(), "nothing written before the confirmation");
        assertFalse(refused.body().contains(HandEdits.HAND_SECRET));

        HttpReply confirmed = admin.json("PUT", SERVER, ENABLE.replace("}", ",\"confirmTakeover\":true}"));
        assertEquals(200, confirmed.status(), confirmed.toString());
        assertEquals("[192.0.2.40]:587", hand.active("relayhost"));
        assertTrue(hand.saved("relayhost").contains(handRelay), hand.read());
        assertEquals(List.of(hand.handTable()), hand.saved("smtp_sasl_password_maps"));
        hand.assertUnmanagedLinesKept(before);
        HttpReply again = admin.json("PUT", SERVER, ENABLE);
        assertEquals(200, again.status(), "no hand edit since the confirmation: nothing to ask " + again);
    }

    private static JsonNode find(JsonNode drift, String setting) {
        for (JsonNode d : drift) {
            if (d.get("setting").asText().equals(setting)) {
                return d;
            }
        }
        throw new AssertionError(setting + " not in " + drift);
    }
}
