package io.smarthost.ui.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.maincf.MainCf;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A relay written by hand in main.cf: the first update answers 409 with what was found, then the admin confirms. */
class TakeOverApiTest {

    @Test
    void updateAnswers409WithInspectionAndPreviewThenConfirmTakesOver(@TempDir Path home) throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            Path mainCf = panel.home().resolve("mail-sandbox/postfix/main.cf");
            String text = Files.readString(mainCf).replaceAll("(?m)^relayhost =.*$", "relayhost = [10.9.9.9]:25");
            Files.writeString(mainCf, text);
            Files.setLastModifiedTime(mainCf, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(10)));
            byte[] before = Files.readAllBytes(mainCf);
            PanelClient admin = panel.api(panel.apiKey("admin"));
            String body = "{\"host\":\"[192.0.2.40]\",\"port\":587}";

            HttpReply first = admin.json("PUT", "/api/v2/plugins/smarthost/server", body);
            assertEquals(409, first.status(), first.toString());
            JsonNode answer = new ObjectMapper().readTree(first.body());
            assertEquals("confirmTakeover", answer.get("errors").get(0).get("field").asText());
            assertTrue(answer.get("inspection").get("manualRelay").asBoolean(), first.body());
            assertTrue(answer.get("inspection").toString().contains("10.9.9.9"), first.body());
            assertTrue(answer.get("preview").get("takesOverManual").asBoolean(), first.body());
            assertArrayEquals(before, Files.readAllBytes(mainCf), "nothing written before the confirmation");

            HttpReply confirmed = admin.json("PUT", "/api/v2/plugins/smarthost/server",
                    body.replace("}", ",\"confirm\":\"take-over\"}"));
            assertEquals(200, confirmed.status(), "the older form of confirmTakeover still works: " + confirmed);
            MainCf after = MainCf.parse(Files.readString(mainCf));
            assertEquals("[192.0.2.40]:587", after.get("relayhost").orElseThrow());
            assertEquals(java.util.List.of("[10.9.9.9]:25"), after.savedValues("relayhost"), "the hand-written value kept aside");
        }
    }
}
