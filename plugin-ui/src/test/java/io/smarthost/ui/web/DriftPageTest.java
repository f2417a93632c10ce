package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.ui.testing.HandEdits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, drift through the server page (real HTTP, session and CSRF): the form starts from the relay
 * set up by hand; after each disable and hand edit, OK shows the drift side by side and needs the box.
 */
class DriftPageTest {
    static final String SERVER = SmarthostPagesTest.SERVER;

    @Test
    void disableHandEditEnableShowsTheDriftAndNeedsTheConfirmationEachTime(@TempDir Path home) {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            HandEdits hand = new HandEdits(panel.home());
            String before = hand.addHandRelay("[10.9.9.9]:25");
            PanelClient admin = panel.login("admin");

            HttpReply first = admin.get(SERVER);
            assertTrue(first.body().contains("id=\"prefilled\""), "the form starts from the relay set up by hand");
            assertTrue(first.body().contains("name=\"host\" id=\"host\" value=\"10.9.9.9\""), "host prefilled");
            assertTrue(first.body().contains("name=\"port\" id=\"port\" value=\"25\""), "port prefilled");
            assertTrue(first.body().contains("value=\"" + HandEdits.HAND_USER + "\""), "user name from the hand-written table");
            assertFalse(first.body().contains(HandEdits.HAND_SECRET), "never the password");
            enableAfterConfirmation(admin, hand, before, "[10.9.9.9]:25");

            for (int round = 1; round <= 2; round++) {
                Map<String, String> off = SmarthostPagesTest.serverForm("[192.0.2.42]", "587");
                off.remove("enabled");
                HttpReply disabled = admin.post(SERVER, off);
                assertEquals(200, disabled.status(), disabled.toString());
                assertEquals(before, hand.read(), "round " + round + ": the settings written by hand are back");
                String handRelay = "[10.9.6." + round + "]:2525";
                before = hand.setRelayhost(handRelay);
                HttpReply page = admin.get(SERVER);
                // the panel's relay off: the relayhost is the admin's own (a relay set by hand), not a drift
                assertTrue(page.body().contains("id=\"manual\""), "the page announces the relay set by hand");
                assertTrue(page.body().contains(handRelay));
                enableAfterConfirmation(admin, hand, before, handRelay);
            }
        }
    }

    /**
     * The domain page's "Use the server-wide settings" and the sender page's removal wrote over a hand edit without
     * asking: they show what would be written and need the box, as a save does.
     */
    @Test
    void removingADomainOrSenderRelayOverAHandEditShowsItAndNeedsTheBox(@TempDir Path home) {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            panel.createCustomer("alice");
            panel.createDomain("alice.example", "alice");
            HandEdits hand = new HandEdits(panel.home());
            PanelClient admin = panel.login("admin");
            String page = "/plugins/smarthost/domains/alice.example";
            String relay = "{\"host\":\"[192.0.2.40]\",\"port\":587,\"encryption\":\"starttls\",\"authentication\":false}";
            PanelClient api = panel.api(panel.apiKey("admin"));
            assertEquals(200, api.json("PUT", "/api/v2/plugins/smarthost/domains/alice.example", relay).status());
            String edited = hand.set("sender_dependent_relayhost_maps", "hash:/etc/postfix/our_own_relays");

            Map<String, String> remove = new java.util.HashMap<>(Map.of("action", "remove", "confirm", "yes"));
            HttpReply refused = admin.post(page, remove);
            assertEquals(409, refused.status(), refused.toString());
            assertTrue(refused.body().contains("id=\"remove-preview-drift\""), "the drift beside the removal");
            assertTrue(refused.body().contains("<code>hash:/etc/postfix/our_own_relays</code>"), "the hand value");
            assertTrue(refused.body().contains("id=\"err-takeOverRemove\""), "the box asked for next to it");
            assertEquals(1, refused.body().split("id=\"takeOverRemove\"", -1).length - 1, "one box");
            assertEquals(edited, hand.read(), "nothing written before the confirmation");
            remove.put("takeOver", "on");
            HttpReply removed = admin.post(page, remove);
            assertEquals(200, removed.status(), removed.toString());
            assertTrue(removed.body().contains("id=\"removed\""));
            assertEquals("", hand.active("sender_dependent_relayhost_maps"));

            String senders = "/plugins/smarthost/domains/alice.example/senders";
            assertEquals(200, api.json("PUT", "/api/v2/plugins/smarthost/domains/alice.example/senders/bob@alice.example",
                    relay).status());
            edited = hand.set("sender_dependent_relayhost_maps", "hash:/etc/postfix/our_own_relays");
            Map<String, String> senderRemove = new java.util.HashMap<>(Map.of("action", "remove", "confirm", "yes",
                    "address", "bob@alice.example"));
            HttpReply senderRefused = admin.post(senders, senderRemove);
            assertEquals(409, senderRefused.status(), senderRefused.toString());
            assertTrue(senderRefused.body().contains("id=\"err-takeOverRemove\""), senderRefused.body());
            assertEquals(edited, hand.read());
            senderRemove.put("takeOver", "on");
            assertEquals(200, admin.post(senders, senderRemove).status());
            assertEquals("", hand.active("sender_dependent_relayhost_maps"));
        }
    }

    /**
     * The admin's own relayhost beside the panel's domain relay (the panel's server relay off): the server and domain
     * pages announced it as a hand edit a save would write over ("panel wrote (not set)") while REST inspect and the
     * self-check agreed and a save kept it; and the domain's removal card said the server would deliver the domain's
     * mail itself, while that relayhost carries it (a hostile tester).
     */
    @Test
    void theAdminsOwnRelayhostIsNoDriftAndCarriesARemovedDomainsMail(@TempDir Path home) throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            panel.createCustomer("alice");
            panel.createDomain("alice.example", "alice");
            HandEdits hand = new HandEdits(panel.home());
            PanelClient api = panel.api(panel.apiKey("admin"));
            String relay = "{\"host\":\"[192.0.2.40]\",\"port\":587,\"encryption\":\"starttls\",\"authentication\":false}";
            assertEquals(200, api.json("PUT", "/api/v2/plugins/smarthost/domains/alice.example", relay).status());
            String edited = hand.set("relayhost", "[127.0.0.1]:2602");
            var inspect = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(api.get("/api/v2/plugins/smarthost/inspect").body());
            assertEquals(0, inspect.get("drift").size(), inspect.toString());
            assertTrue(inspect.get("health").get("agrees").asBoolean(), inspect.toString());

            PanelClient admin = panel.login("admin");
            String page = "/plugins/smarthost/domains/alice.example";
            for (String p : List.of(SERVER, page)) {
                HttpReply shown = admin.get(p);
                assertFalse(shown.body().contains("id=\"drift\""), p + ": not a drift: " + shown.body());
            }
            Map<String, String> save = SmarthostPagesTest.serverForm("[192.0.2.41]", "587");
            HttpReply saved = admin.post(page, save);
            assertEquals(200, saved.status(), saved.toString());
            assertEquals("[127.0.0.1]:2602", hand.active("relayhost"), "a domain save keeps the admin's relayhost");
            assertEquals(409, api.json("PUT", "/api/v2/plugins/smarthost/server", relay).status(),
                    "turning the server relay on still asks before taking the relay set by hand over");

            HttpReply card = admin.post(page, Map.of("action", "remove"));
            assertEquals(200, card.status(), card.toString());
            assertTrue(card.body().contains("the domain&#39;s mail will then go through 127.0.0.1:2602, the relay set by"
                    + " hand"), card.body());
            assertFalse(card.body().contains("deliver the domain"), card.body());
            PanelClient alice = panel.login("alice");
            HttpReply customerCard = alice.post(page, Map.of("action", "remove"));
            assertTrue(customerCard.body().contains("through the server&#39;s own relay"), customerCard.body());
            assertFalse(customerCard.body().contains("127.0.0.1"), "no details for a customer");
            admin.post("/lang", Map.of("lang", "fr", "next", page));
            HttpReply fr = admin.post(page, Map.of("action", "remove"));
            assertTrue(fr.body().contains("passeront alors par 127.0.0.1:2602"), fr.body());
        }
    }

    private static void enableAfterConfirmation(PanelClient admin, HandEdits hand, String before, String handRelay) {
        int line = hand.lineOf("relayhost");
        Map<String, String> form = SmarthostPagesTest.serverForm("[192.0.2.42]", "587");
        HttpReply refused = admin.post(SERVER, form);
        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.body().contains("id=\"preview\""), "side by side");
        assertTrue(refused.body().contains("id=\"preview-drift\""), "with the drift");
        assertTrue(refused.body().contains("main.cf:" + line), refused.body());
        assertTrue(refused.body().contains("<code>" + handRelay + "</code>"), "the hand value");
        assertTrue(refused.body().contains("<code>[192.0.2.42]:587</code>"), "what will be written");
        assertTrue(refused.body().contains("id=\"err-takeOver\""), "the confirmation is asked next to its box");
        assertEquals(before, hand.read(), "nothing written before the confirmation");

        form.put("takeOver", "on");
        HttpReply saved = admin.post(SERVER, form);
        assertEquals(200, saved.status(), saved.toString());
        assertFalse(saved.body().contains("id=\"drift\"") || saved.body().contains("id=\"manual\""),
                "the answer to the take-over itself shows no stale hand-edit box (issue 17)");
        assertEquals("[192.0.2.42]:587", hand.active("relayhost"));
        assertEquals(List.of(hand.handTable()), hand.saved("smtp_sasl_password_maps"));
        hand.assertUnmanagedLinesKept(before);
        assertFalse(admin.get(SERVER).body().contains("id=\"drift\""), "applied: no drift left");
        form.remove("takeOver");
        assertEquals(200, admin.post(SERVER, form).status(), "no hand edit since: nothing to confirm");
    }
}
