package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.ui.testing.HandEdits;
import io.smarthost.ui.testing.TwoCustomers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mail server's warnings after a save are told in the reader's language: a main.cf that sets a parameter twice
 * by hand (one the feature does not manage) is reported on the French page in French, on the English page in
 * English, and by the REST API in English (what scripts read), each with the lines it found.
 */
class ApplyWarningsPageTest {
    static final String SERVER = SmarthostPagesTest.SERVER;

    @Test
    void aDuplicateInMainCfIsReportedInTheReadersLanguage(@TempDir Path home) throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            HandEdits hand = new HandEdits(panel.home());
            hand.write(hand.read() + "# set twice by hand\ndelay_warning_time = 4h\ndelay_warning_time = 5h\n");
            String lines = lines(hand);

            PanelClient admin = panel.login("admin");
            admin.post("/lang", Map.of("lang", "fr", "next", SERVER));
            HttpReply french = admin.post(SERVER, SmarthostPagesTest.serverForm("[192.0.2.42]", "587"));
            assertEquals(200, french.status(), french.toString());
            String frenchWarnings = section(french.body());
            assertTrue(frenchWarnings.contains("main.cf définit delay_warning_time 2 fois (lignes " + lines + "\u202f; la dernière l’emporte)"
                    + "\u202f: ce paramètre n’est pas géré par la fonction smarthost et reste tel quel"), frenchWarnings);
            assertFalse(frenchWarnings.contains("the last one wins"), frenchWarnings);

            lines = lines(hand);
            admin.post("/lang", Map.of("lang", "en", "next", SERVER));
            HttpReply english = admin.post(SERVER, SmarthostPagesTest.serverForm("[192.0.2.43]", "587"));
            assertEquals(200, english.status(), english.toString());
            assertTrue(section(english.body()).contains("main.cf sets delay_warning_time 2 times (lines " + lines
                    + "; the last one wins): not managed by the smarthost feature, left as it is"), english.body());

            lines = lines(hand);
            HttpReply repaired = admin.post(SERVER + "/repair", Map.of());
            assertEquals(200, repaired.status(), repaired.toString());
            assertTrue(repaired.body().contains("id=\"repaired\""), repaired.body());
            assertTrue(section(repaired.body()).contains("main.cf sets delay_warning_time 2 times (lines " + lines),
                    "a repair shows what the mail server warned about too:\n" + repaired.body());

            lines = lines(hand);
            PanelClient api = panel.api(panel.apiKey("admin"));
            HttpReply rest = api.json("PUT", "/api/v2/plugins/smarthost/server", "{\"host\":\"[192.0.2.44]\",\"port\":587,"
                    + "\"encryption\":\"none\",\"authentication\":false}");
            assertEquals(200, rest.status(), rest.toString());
            JsonNode warnings = new ObjectMapper().readTree(rest.body()).path("warnings");
            List<String> texts = StreamSupport.stream(warnings.spliterator(), false).map(JsonNode::asText).toList();
            assertEquals(List.of("main.cf sets delay_warning_time 2 times (lines " + lines + "; the last one wins): not managed by the"
                    + " smarthost feature, left as it is"), texts, rest.body());
        }
    }

    @Test
    void customersNeverSeeTheMailServersWarnings(@TempDir Path home) {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            HandEdits hand = new HandEdits(panel.home());
            hand.write(hand.read() + "# set twice by hand\ndelay_warning_time = 4h\ndelay_warning_time = 5h\n");
            String page = "/plugins/smarthost/domains/alice.example/senders";
            Map<String, String> form = SmarthostPagesTest.serverForm("[192.0.2.42]", "587");

            TwoCustomers customers = TwoCustomers.in(panel);
            form.put("address", "anna@alice.example");
            HttpReply customer = customers.alice().post(page, form);
            assertEquals(200, customer.status(), customer.toString());
            assertTrue(customer.body().contains("id=\"saved\""), customer.body());
            assertFalse(customer.body().contains("id=\"apply-warnings\"") || customer.body().contains("delay_warning_time"),
                    "no line of main.cf on a customer's page:\n" + customer.body());

            form.put("address", "bob@alice.example");
            HttpReply admin = customers.admin().post(page, form);
            assertEquals(200, admin.status(), admin.toString());
            assertTrue(section(admin.body()).contains("main.cf sets delay_warning_time 2 times"), admin.body());
        }
    }

    /** Where main.cf sets delay_warning_time now (a save rewrites main.cf and may move them). */
    private static String lines(HandEdits hand) {
        List<String> text = hand.read().lines().toList();
        return (text.indexOf("delay_warning_time = 4h") + 1) + ", " + (text.indexOf("delay_warning_time = 5h") + 1);
    }

    /** The list of warnings under the "saved" message. */
    private static String section(String body) {
        int start = body.indexOf("id=\"apply-warnings\"");
        assertTrue(start >= 0, "the page lists the mail server's warnings:\n" + body);
        return body.substring(start, body.indexOf("</ul>", start));
    }
}
