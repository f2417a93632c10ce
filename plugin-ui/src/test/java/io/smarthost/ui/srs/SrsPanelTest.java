package io.smarthost.ui.srs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.testing.TestPostsrsd;
import io.smarthost.postfix.testing.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SRS switch through the server page, the REST API and the CLI of a real panel, with the Postfix backend
 * writing its sandbox and a postsrsd of the test's own (its ports given in panel.ini).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SrsPanelTest {
    static final String BASE = "/api/v2/plugins/smarthost/";
    static final String SERVER_PAGE = "/plugins/smarthost/server";
    private static final ObjectMapper JSON = new ObjectMapper();

    TestPanel panel;
    TestRelay relay;
    TestPostsrsd postsrsd;
    PanelClient api;

    @BeforeAll
    void start(@TempDir Path home) throws Exception {
        relay = TestRelay.start(TestRelay.Mode.STARTTLS, Map.of("relayuser", "relay-pw-1"));
        postsrsd = TestPostsrsd.start(home, "srs.test");
        panel = TestPanel.builder(home.resolve("panel")).classpathPlugin("smarthost").ini("""
                [mail]
                smarthost.postfix.srs.forward_port = %d
                smarthost.postfix.srs.reverse_port = %d
                smarthost.postfix.srs.domain = srs.test
                """.formatted(postsrsd.daemon().forwardPort(), postsrsd.daemon().reversePort())).start();
        api = panel.api(panel.apiKey("admin"));
        panel.createCustomer("alice");
        panel.createDomain("alice.example", "alice");
        HttpReply saved = api.json("PUT", BASE + "server", "{\"host\":\"[127.0.0.1]\",\"port\":" + relay.port()
                + ",\"encryption\":\"starttls\",\"verifyCertificate\":false,\"authentication\":true,"
                + "\"username\":\"relayuser\",\"password\":\"relay-pw-1\"}");
        assertEquals(200, saved.status(), saved.toString());
    }

    @AfterAll
    void stop() throws Exception {
        panel.close();
        relay.close();
        postsrsd.close();
    }

    String mainCf() throws Exception {
        return Files.readString(panel.home().resolve("mail-sandbox/postfix/main.cf"));
    }

    @Test
    void theServerPageOffersTheSwitchInsteadOfTheWarningAndTurnsItOnAndOff() throws Exception {
        PanelClient admin = panel.login("admin");
        String page = admin.get(SERVER_PAGE).body();
        assertTrue(page.contains("id=\"srs\""), "the SRS card");
        assertFalse(page.contains("id=\"forwarding-note\""), "the old warning gave way to the switch");

        HttpReply on = admin.post(SERVER_PAGE + "/srs", Map.of("srs", "on"));
        assertEquals(200, on.status(), on.body());
        assertTrue(on.body().contains("id=\"srs-saved\""), on.body());
        assertTrue(mainCf().contains("sender_canonical_maps = regexp:"), mainCf());
        assertTrue(mainCf().contains("recipient_canonical_maps = " + postsrsd.daemon().reverseTable()));

        HttpReply bad = admin.post(SERVER_PAGE + "/srs", Map.of("srs", "maybe"));
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("id=\"srs-error\""));

        assertEquals(200, admin.post(SERVER_PAGE + "/srs", Map.of("srs", "off")).status());
        assertFalse(mainCf().contains("canonical"), mainCf());
    }

    @Test
    void restReadsAndSwitchesAndRefusesWhatIsNotABoolean() throws Exception {
        JsonNode state = JSON.readTree(api.get(BASE + "server/srs").body());
        assertTrue(state.get("supported").asBoolean());
        assertEquals("Postfix", state.get("backend").asText());

        HttpReply on = api.json("PUT", BASE + "server/srs", "{\"srs\":true}");
        assertEquals(200, on.status(), on.toString());
        assertTrue(JSON.readTree(api.get(BASE + "server/srs").body()).get("srs").asBoolean());
        assertTrue(mainCf().contains("sender_canonical_classes = envelope_sender"));
        assertTrue(JSON.readTree(api.get(BASE + "info").body()).get("capabilities").get("srs").asBoolean());

        assertEquals(400, api.json("PUT", BASE + "server/srs", "{\"srs\":\"maybe\"}").status());
        assertEquals(400, api.json("PUT", BASE + "server/srs", "{}").status());
        assertEquals(400, api.json("PUT", BASE + "server/srs", "{\"srs\":true,\"other\":1}").status());

        assertEquals(200, api.json("PUT", BASE + "server/srs", "{\"srs\":false}").status());
        assertFalse(JSON.readTree(api.get(BASE + "server/srs").body()).get("srs").asBoolean());
        assertFalse(mainCf().contains("canonical"));
    }

    @Test
    void cliSwitchesWithUpdateAndRefusesABadValue() throws Exception {
        TestPanel.CliRun on = panel.cli("smarthost", "--update", "-srs", "on");
        assertEquals(0, on.exitCode(), on.err());
        assertTrue(on.out().contains("SRS is on"), on.out());
        assertTrue(panel.cli("smarthost", "--info").out().contains("SRS (forwarded mail): on"));
        assertTrue(mainCf().contains("sender_canonical_maps"));

        TestPanel.CliRun bad = panel.cli("smarthost", "--update", "-srs", "maybe");
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("-srs: must be on or off"), bad.err());
        assertFalse(bad.err().contains("maybe"), "a refused word is not repeated (it may be a secret): " + bad.err());
        TestPanel.CliRun domain = panel.cli("smarthost", "--update-domain", "alice.example", "-srs", "on");
        assertEquals(2, domain.exitCode(), "SRS is server-wide: no -srs for a domain");
        assertTrue(domain.err().contains("srs"), domain.err());

        assertEquals(0, panel.cli("smarthost", "--update", "-srs", "off").exitCode());
        assertFalse(mainCf().contains("canonical"));
    }

    @Test
    void aDomainCreatedWhileSrsIsOnIsLeftAloneAndTheSelfCheckAgrees() throws Exception {
        assertEquals(200, api.json("PUT", BASE + "server/srs", "{\"srs\":true}").status());
        panel.createDomain("later.example", "alice", "later-alias.example");
        String left = Files.readString(panel.home().resolve("mail-sandbox/postfix/smarthost/srs_exclude"));
        assertTrue(left.contains("/^(.+@later\\.example)$/ ${1}") && left.contains("later-alias\\.example"), left);
        assertTrue(left.contains("alice\\.example"), left);
        TestPanel.CliRun verify = panel.cli("smarthost", "--verify");
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        assertEquals(200, api.json("PUT", BASE + "server/srs", "{\"srs\":false}").status());
    }
}
