package io.smarthost.ui.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay form and the REST API read their input by one set of rules (FieldRules): a value one refuses, the
 * other refuses too, naming the same field; and REST bodies are strict JSON (one object, bounded nesting, finite
 * numbers). Every refusal leaves the settings and main.cf as they were.
 */
class FormAndRestRulesTest {

    static final String PAGE = "/plugins/smarthost/server";
    static final String API = "/api/v2/plugins/smarthost/server";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static TestPanel panel;
    static PanelClient api;
    static String settingsBefore;
    static String mainCfBefore;

    @BeforeAll
    static void start() throws Exception {
        panel = TestPanel.builder(home).classpathPlugin("smarthost").start();
        api = panel.api(panel.apiKey("admin"));
        settingsBefore = api.get(API).body();
        mainCfBefore = Files.readString(home.resolve("mail-sandbox/postfix/main.cf"));
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    @AfterEach
    void nothingChanged() throws Exception {
        assertEquals(settingsBefore, api.get(API).body(), "settings unchanged");
        assertEquals(mainCfBefore, Files.readString(home.resolve("mail-sandbox/postfix/main.cf")), "main.cf unchanged");
    }

    static Map<String, String> form(String field, String value) {
        Map<String, String> f = new HashMap<>(Map.of("enabled", "on", "provider", "custom", "host", "[127.0.0.1]",
                "port", "2525", "encryption", "none", "action", "save"));
        f.put(field, value);
        return f;
    }

    /** A relay body with {@code field} set to {@code value} (JSON), in place of its default: each field once. */
    static String json(String field, String value) {
        java.util.Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("enabled", "true");
        body.put("host", "\"[127.0.0.1]\"");
        body.put("port", "2525");
        body.put("encryption", "\"none\"");
        body.put(field, value);
        StringBuilder out = new StringBuilder("{");
        body.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return out.append('}').toString();
    }

    /** The REST refusal's message for {@code field}. */
    static String restError(HttpReply reply, String field) throws Exception {
        assertEquals(400, reply.status(), reply.toString());
        for (JsonNode e : JSON.readTree(reply.body()).path("errors")) {
            if (field.equals(e.path("field").asText())) {
                return e.path("message").asText();
            }
        }
        throw new AssertionError("no error for " + field + " in " + reply.body());
    }

    /** The form's refusal shown next to {@code field}. */
    static String formError(HttpReply reply, String field) {
        assertEquals(400, reply.status(), reply.toString());
        String marker = "id=\"err-" + field + "\" role=\"alert\">";
        int at = reply.body().indexOf(marker);
        assertTrue(at > 0, "no error next to " + field);
        return reply.body().substring(at + marker.length(), reply.body().indexOf("</div>", at));
    }

    @Test
    void aPortWithANewlineIsRefusedByTheFormAsByRest() throws Exception {
        PanelClient admin = panel.login("admin");
        admin.get(PAGE);
        String rest = restError(api.json("PUT", API, json("port", "\"25\\n\"")), "port");
        String page = formError(admin.post(PAGE, form("port", "25\n")), "port");
        assertEquals(rest, page);
        assertEquals(rest, formError(admin.post(PAGE, form("port", "\n")), "port"), "a newline alone is not a blank port");
        assertEquals(rest, restError(api.json("PUT", API, json("port", "\"\\n\"")), "port"));
    }

    /** A port that is no whole number: one message through REST whatever its JSON type, naming the field; nothing saved. */
    @Test
    void aPortThatIsNoWholeNumberIsRefusedNamingTheField() throws Exception {
        for (String value : new String[] {"25.5", "true", "[25]", "{}", "25.0000000000000001"}) {
            assertEquals("must be a whole number from 1 to 65535, e.g. 587 (a JSON number, or its digits as text; not a"
                    + " fraction, true/false, a list or an object)", restError(api.json("PUT", API, json("port", value)), "port"), value);
        }
        // as text: the validator's words, which the form shows too
        assertEquals(restError(api.json("PUT", API, json("port", "\"25.5\"")), "port"),
                formError(panel.login("admin").post(PAGE, form("port", "25.5")), "port"));
    }

    @Test
    void aBoxThatIsNeitherTrueNorFalseIsRefusedByTheFormAsByRest() throws Exception {
        PanelClient admin = panel.login("admin");
        admin.get(PAGE);
        for (String field : new String[] {"enabled", "authentication"}) {
            String rest = restError(api.json("PUT", API, json(field, "\"maybe\"")), field);
            assertEquals("must be true or false", rest);
            assertEquals(rest, formError(admin.post(PAGE, form(field, "maybe")), field));
        }
    }

    @Test
    void contentAfterTheJsonObjectIsRefused() throws Exception {
        for (String body : new String[] {json("port", "2525") + "garbage", json("port", "2525") + json("port", "2526"),
                json("port", "2525") + " []"}) {
            HttpReply reply = api.json("PUT", API, body);
            assertEquals(400, reply.status(), body);
            assertTrue(reply.body().contains("\"field\":null"), reply.body());
        }
    }

    @Test
    void deepNestingIsA400() throws Exception {
        String deep = "{\"host\":" + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000) + "}";
        HttpReply reply = api.json("PUT", API, deep);
        assertEquals(400, reply.status(), reply.body().substring(0, Math.min(300, reply.body().length())));
        assertEquals("the body is nested deeper than 64 levels", JSON.readTree(reply.body()).path("errors").get(0).path("message").asText());
        HttpReply arrays = api.json("PUT", API, "[".repeat(100_000) + "]".repeat(100_000));
        assertEquals(400, arrays.status());
    }

    @Test
    void nonFiniteNumbersAreRefusedNamingTheField() throws Exception {
        for (String value : new String[] {"NaN", "Infinity", "-Infinity", "1e999"}) {
            assertEquals("must be a finite number (NaN and Infinity are not JSON numbers)",
                    restError(api.json("PUT", API, json("port", value)), "port"), value);
        }
    }

    /** Paging numbers in ASCII digits only, within int: REST and the CLI read them alike. */
    @Test
    void aWholeNumberIsAsciiDigitsWithinInt() {
        assertEquals(java.util.OptionalInt.of(50), FieldRules.wholeNumber("50"));
        assertEquals(java.util.OptionalInt.of(Integer.MAX_VALUE), FieldRules.wholeNumber("2147483647"));
        for (String bad : new String[] {"+5", "-1", "\uff15\uff10", "2147483648", "12345678901", "", " 5", "5x", null}) {
            assertTrue(FieldRules.wholeNumber(bad).isEmpty(), String.valueOf(bad));
        }
    }
}
