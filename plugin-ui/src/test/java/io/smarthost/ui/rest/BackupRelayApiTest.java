package io.smarthost.ui.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.testing.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup relay through the REST API of a real panel with the Postfix backend writing its sandbox, and two
 * real relays on 127.0.0.1 with different logins: saved, written as a next-hop list, read back without secrets,
 * both relays checked and reported, a domain's own backup login refused with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupRelayApiTest {
    static final String SECRET = "Primary-s3cret-b1";
    static final String BACKUP_SECRET = "Backup-s3cret-b2";
    static final String BASE = "/api/v2/plugins/smarthost/";
    private static final ObjectMapper JSON = new ObjectMapper();

    TestPanel panel;
    TestRelay primary;
    TestRelay backup;
    PanelClient admin;
    PanelClient alice;

    @BeforeAll
    void start(@TempDir Path home) {
        primary = TestRelay.start(TestRelay.Mode.STARTTLS, Map.of("relayuser", SECRET));
        backup = TestRelay.start(TestRelay.Mode.STARTTLS, Map.of("backupuser", BACKUP_SECRET, "relayuser", SECRET));
        panel = TestPanel.builder(home).classpathPlugin("smarthost").ini(SmarthostApiTest.INI).start();
        panel.createCustomer("alice");
        panel.createDomain("alice.example", "alice");
        admin = panel.api(panel.apiKey("admin"));
        alice = panel.api(panel.apiKey("alice"));
    }

    @AfterAll
    void stop() {
        panel.close();
        primary.close();
        backup.close();
    }

    static HttpReply send(PanelClient client, String method, String path, String json) {
        HttpReply r = method.equals("GET") ? client.get(BASE + path) : client.json(method, BASE + path, json);
        assertFalse(r.body().contains(SECRET) || r.body().contains(BACKUP_SECRET), "a secret appeared in " + r);
        return r;
    }

    String relay(String backupFields) {
        return "{\"host\":\"[127.0.0.1]\",\"port\":" + primary.port() + ",\"encryption\":\"starttls\",\"verifyCertificate\":false,"
                + "\"authentication\":true,\"username\":\"relayuser\",\"password\":\"" + SECRET + "\"" + backupFields + "}";
    }

    static List<String> fields(HttpReply r) throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(r.body()).get("errors").forEach(e -> out.add(e.get("field").asText()));
        return out;
    }

    @Test
    void serverBackupWithItsOwnLoginIsSavedWrittenReadBackAndBothRelaysAreChecked() throws Exception {
        HttpReply saved = send(admin, "PUT", "server", relay(",\"backupHost\":\"127.0.0.1\",\"backupPort\":" + backup.port()
                + ",\"backupLogin\":\"own\",\"backupUsername\":\"backupuser\",\"backupPassword\":\"" + BACKUP_SECRET + "\""));
        assertEquals(200, saved.status(), saved.toString());
        String mainCf = Files.readString(panel.home().resolve("mail-sandbox/postfix/main.cf"));
        assertTrue(mainCf.contains("relayhost = [127.0.0.1]:" + primary.port() + ", [127.0.0.1]:" + backup.port()), mainCf);

        JsonNode b = JSON.readTree(send(admin, "GET", "server", null).body()).get("settings").get("backup");
        assertEquals("127.0.0.1", b.get("host").asText());
        assertEquals(backup.port(), b.get("port").asInt());
        assertEquals("own", b.get("login").asText());
        assertEquals("backupuser", b.get("username").asText());
        assertTrue(b.get("secretSet").asBoolean());

        JsonNode report = JSON.readTree(send(admin, "POST", "server/check", "").body());
        assertTrue(report.get("relayOk").asBoolean(), report.toString());
        JsonNode backupReport = report.get("backup");
        assertTrue(backupReport.get("ok").asBoolean(), backupReport.toString());
        assertTrue(report.get("ok").asBoolean());
        String transcript = backupReport.get("transcript").toString();
        assertTrue(transcript.contains(":" + backup.port()) || transcript.contains("AUTH"), transcript);

        JsonNode caps = JSON.readTree(admin.get("/api/v2/plugins/smarthost/info").body()).get("capabilities").get("backup");
        assertTrue(caps.get("server").asBoolean() && caps.get("domain").asBoolean());
        assertTrue(caps.get("serverOwnLogin").asBoolean());
        assertFalse(caps.get("domainOwnLogin").asBoolean());
    }

    @Test
    void aBackupThatCannotLogInFailsTheCheckAndSaysWhichRelay() throws Exception {
        HttpReply r = send(admin, "POST", "server/check", relay(",\"backupHost\":\"127.0.0.1\",\"backupPort\":" + backup.port()
                + ",\"backupLogin\":\"own\",\"backupUsername\":\"backupuser\",\"backupPassword\":\"wrong-password\""));
        JsonNode report = JSON.readTree(r.body());
        assertTrue(report.get("relayOk").asBoolean(), report.toString());
        assertFalse(report.get("backup").get("ok").asBoolean(), report.toString());
        assertFalse(report.get("ok").asBoolean());
    }

    @Test
    void aDomainsBackupLoginOfItsOwnIsRefusedAndTheSameLoginIsSaved() throws Exception {
        // the test relays listen on 127.0.0.1 (other ports than a customer's): sent by an administrator
        HttpReply own = send(admin, "PUT", "domains/alice.example", relay(",\"backupHost\":\"[127.0.0.1]:" + backup.port()
                + "\",\"backupLogin\":\"own\",\"backupUsername\":\"backupuser\",\"backupPassword\":\"x\""));
        assertEquals(400, own.status(), own.toString());
        assertEquals(List.of("backupLogin"), fields(own));
        assertTrue(own.body().contains("by sender"), own.body());

        HttpReply same = send(admin, "PUT", "domains/alice.example", relay(",\"backupHost\":\"[127.0.0.1]:" + backup.port() + "\""));
        assertEquals(200, same.status(), same.toString());
        String transports = Files.readString(panel.home().resolve("mail-sandbox/postfix/smarthost/sender_transport"));
        assertTrue(transports.contains("@alice.example smarthost-starttls:[127.0.0.1]:" + primary.port() + ", [127.0.0.1]:"
                + backup.port()), transports);
        HttpReply wrongType = send(admin, "PUT", "domains/alice.example", relay(",\"backupHost\":true"));
        assertEquals(400, wrongType.status());
        assertEquals(List.of("backupHost"), fields(wrongType));
    }
}
