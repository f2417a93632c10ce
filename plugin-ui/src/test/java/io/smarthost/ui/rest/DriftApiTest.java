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
