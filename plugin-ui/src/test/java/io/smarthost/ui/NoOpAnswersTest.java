package io.smarthost.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.services.DbActionLog;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.ui.testing.TwoCustomers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile tester: saving the settings already stored (REST PUT, the pages' forms, {@code --update},
 * {@code --update-domain}, {@code --update-sender}) or removing a relay that is not there answered "Saved" (200 with
 * the usual success, exit 0 "Applied"), moved the Updated time, wrote an action-log entry and ran an apply. In a real
 * panel with the Postfix backend: such a request writes nothing (the generation stays), applies nothing, logs nothing,
 * and each interface says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoOpAnswersTest {
    static final String SECRET = "NoOp-s3cret-5e1d";
    static final String BASE = "/api/v2/plugins/smarthost/";
    static final ObjectMapper JSON = new ObjectMapper();

    TestPanel panel;
    PanelClient admin;
    PanelClient alice;

    @BeforeAll
    void start(@TempDir Path home) {
        panel = TestPanel.builder(home).classpathPlugin("smarthost").start();
        TwoCustomers customers = TwoCustomers.in(panel);
        admin = customers.admin();
        alice = customers.alice();
    }

    @AfterAll
    void stop() {
        panel.close();
    }

    @AfterEach
    void clean() {
        admin.json("DELETE", BASE + "domains/alice.example/senders/anna@alice.example", null);
        admin.json("DELETE", BASE + "domains/alice.example", null);
        admin.json("DELETE", BASE + "server", null);
    }

    static String relay(String host, String password) {
        return "{\"host\":\"" + host + "\",\"encryption\":\"starttls\",\"verifyCertificate\":false,"
                + "\"authentication\":true,\"username\":\"login\",\"password\":\"" + password + "\"}";
    }

    static JsonNode ok(HttpReply r) throws Exception {
        assertEquals(200, r.status(), r.toString());
        assertFalse(r.body().contains(SECRET), "the password appeared in " + r);
        return JSON.readTree(r.body());
    }

    /** What a request that changes nothing leaves as it was: the store's generation, the action log, main.cf. */
    private record State(long generation, long applied, int actions, String mainCf) {
    }

    private State state() throws Exception {
        JsonNode verify = ok(admin.get(BASE + "verify"));
        return new State(verify.get("generation").asLong(), verify.get("appliedGeneration").asLong(),
                DbActionLog.latest(panel.panel().jdbc(), 100_000).size(),
                Files.readString(panel.home().resolve("mail-sandbox/postfix/main.cf")));
    }

    private void assertUnchanged(State before) throws Exception {
        State after = state();
        // the save's scope is compared by the mail server's side under a generation of its own (finished at the next
        // start if killed half-way); nothing differed, so nothing was written and the journal is in line
        assertEquals(after.generation(), after.applied(), "the journal in line");
        assertEquals(before.actions(), after.actions(), "no action-log entry");
        assertEquals(before.mainCf(), after.mainCf());
    }

    @Test
    void restSaysSettingsChangedFalseAndChangesNothing() throws Exception {
        assertTrue(ok(admin.json("PUT", BASE + "server", relay("[relay.example]:587", SECRET)))
                .get("settingsChanged").asBoolean());
        ok(alice.json("PUT", BASE + "domains/alice.example", relay("[alice-relay.example]:587", SECRET)));
        ok(alice.json("PUT", BASE + "domains/alice.example/senders/anna@alice.example", relay("[anna.example]:2525", SECRET)));
        String updated = ok(admin.get(BASE + "server")).get("settings").get("updated").asText();
        Thread.sleep(1100); // a save now would show another Updated time, to the second
        State before = state();

        // the same settings, the password left blank (kept)
        JsonNode server = ok(admin.json("PUT", BASE + "server", relay("[relay.example]:587", "")));
        assertFalse(server.get("settingsChanged").asBoolean(), server.toString());
        assertFalse(server.get("changed").asBoolean(), server.toString());
        JsonNode domain = ok(alice.json("PUT", BASE + "domains/alice.example", relay("[alice-relay.example]:587", "")));
        assertFalse(domain.get("settingsChanged").asBoolean(), domain.toString());
        JsonNode sender = ok(alice.json("PUT", BASE + "domains/alice.example/senders/anna@alice.example",
                relay("[anna.example]:2525", "")));
        assertFalse(sender.get("settingsChanged").asBoolean(), sender.toString());
        // removing what is not there: as GET answers, 200 for a domain (settings null), 404 for an address
        JsonNode bob = ok(admin.json("DELETE", BASE + "domains/bob.example", null));
        assertFalse(bob.get("settingsChanged").asBoolean(), bob.toString());
        assertEquals(404, alice.json("DELETE", BASE + "domains/alice.example/senders/nobody@alice.example", null).status());
        assertUnchanged(before);
        assertEquals(updated, ok(admin.get(BASE + "server")).get("settings").get("updated").asText(), "Updated kept");

        // a real change still says so
        JsonNode changed = ok(admin.json("PUT", BASE + "server", relay("[other-relay.example]:587", "")
                .replace("\"password\":\"\"", "\"password\":\"" + SECRET + "\"")));
        assertTrue(changed.get("settingsChanged").asBoolean());
        assertTrue(changed.get("changed").asBoolean());
        JsonNode removed = ok(admin.json("DELETE", BASE + "domains/alice.example", null));
        assertTrue(removed.get("settingsChanged").asBoolean());
    }

    @Test
    void cliPrintsNothingChangedAndExitsZero() throws Exception {
        TestPanel.CliRun first = panel.cliWithStdin(SECRET, "smarthost", "--update-domain", "alice.example",
                "-host", "[alice-relay.example]:587", "-encryption", "starttls", "-verify-certificate", "false",
                "-auth", "true", "-username", "login", "-password-stdin");
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(0, panel.cli("smarthost", "--update", "-host", "[relay.example]:25", "-encryption", "none")
                .exitCode());
        assertEquals(0, panel.cli("smarthost", "--update-sender", "anna@alice.example", "-host", "[anna.example]:2525",
                "-encryption", "none").exitCode());
        State before = state();

        TestPanel.CliRun server = panel.cli("smarthost", "--update", "-host", "[relay.example]:25");
        assertEquals(0, server.exitCode(), server.toString());
        assertEquals("Nothing changed: these are the settings already in use: server\n", server.out());
        TestPanel.CliRun domain = panel.cli("smarthost", "--update-domain", "alice.example", "-username", "login");
        assertEquals(0, domain.exitCode(), domain.toString());
        assertEquals("Nothing changed: these are the settings already in use: alice.example\n", domain.out());
        TestPanel.CliRun sender = panel.cli("smarthost", "--update-sender", "anna@alice.example", "-port", "2525");
        assertEquals(0, sender.exitCode(), sender.toString());
        assertEquals("Nothing changed: these are the settings already in use: anna@alice.example\n", sender.out());
        TestPanel.CliRun domainGone = panel.cli("smarthost", "--remove-domain", "bob.example");
        assertEquals(0, domainGone.exitCode(), domainGone.toString());
        assertEquals("Nothing to remove: bob.example has no smarthost of its own\n", domainGone.out());
        TestPanel.CliRun senderGone = panel.cli("smarthost", "--remove-sender", "nobody@alice.example");
        assertEquals(0, senderGone.exitCode(), senderGone.toString());
        assertEquals("Nothing to remove: nobody@alice.example has no relay of its own\n", senderGone.out());
        assertUnchanged(before);

        // a map line edited by hand: the same save through the CLI (no self-check in its process) brings it back in
        // line, as it does through REST (a hostile tester: the CLI said "Nothing changed" and left it)
        java.nio.file.Path relayMap = panel.home().resolve("mail-sandbox/postfix/smarthost/sender_relay");
        String mapBefore = Files.readString(relayMap);
        Files.writeString(relayMap, mapBefore.replace("@alice.example [alice-relay.example]:587",
                "@alice.example [elsewhere.example]:587"));
        TestPanel.CliRun repaired = panel.cli("smarthost", "--update-domain", "alice.example", "-username", "login");
        assertEquals(0, repaired.exitCode(), repaired.toString());
        assertTrue(repaired.out().startsWith("Settings unchanged; the mail server was brought back in line with them"),
                repaired.toString());
        assertEquals(mapBefore, Files.readString(relayMap));
        assertTrue(ok(admin.get(BASE + "verify")).get("agrees").asBoolean(), "the self-check agrees");

        TestPanel.CliRun changed = panel.cli("smarthost", "--update", "-port", "2525");
        assertTrue(changed.out().startsWith("Applied: server"), changed.toString());
    }

    @Test
    void pagesShowANeutralNoticeInsteadOfSaved() throws Exception {
        PanelClient web = panel.login("admin");
        Map<String, String> form = new HashMap<>();
        form.put("enabled", "on");
        form.put("provider", "custom");
        form.put("host", "[relay.example]");
        form.put("port", "587");
        form.put("encryption", "starttls");
        form.put("verifyCertificateShown", "1");
        form.put("authentication", "on");
        form.put("username", "login");
        form.put("password", SECRET);
        form.put("action", "save");
        HttpReply saved = web.post("/plugins/smarthost/server", form);
        assertEquals(200, saved.status(), saved.toString());
        assertTrue(saved.body().contains("id=\"saved\""));
        State before = state();

        form.put("password", ""); // left empty: the stored one is kept
        HttpReply again = web.post("/plugins/smarthost/server", form);
        assertEquals(200, again.status(), again.toString());
        assertFalse(again.body().contains("id=\"saved\""), "no green Saved");
        assertFalse(again.body().contains("id=\"reminders\""), "no next steps after a save that saved nothing");
        assertTrue(again.body().contains("id=\"unchanged\""), again.body());
        assertTrue(again.body().contains("Nothing to save: these are the settings already in use."));

        // a customer's page: the same form for their domain, saved twice
        PanelClient owner = panel.login("alice");
        form.put("password", SECRET);
        assertTrue(owner.post("/plugins/smarthost/domains/alice.example", form).body().contains("id=\"saved\""));
        before = state();
        form.put("password", "");
        HttpReply domain = owner.post("/plugins/smarthost/domains/alice.example", form);
        assertEquals(200, domain.status(), domain.toString());
        assertTrue(domain.body().contains("id=\"unchanged\""), domain.body());
        assertFalse(domain.body().contains("id=\"saved\""));
        // the remove button of a domain without settings of its own (a second click, another tab)
        HttpReply remove = web.post("/plugins/smarthost/domains/bob.example", Map.of("action", "remove", "confirm", "yes"));
        assertEquals(200, remove.status(), remove.toString());
        assertFalse(remove.body().contains("id=\"removed\""), "no green Removed");
        assertTrue(remove.body().contains("Nothing to remove: bob.example has no smarthost of its own."), remove.body());
        // and an address's
        HttpReply sender = owner.post("/plugins/smarthost/domains/alice.example/senders",
                Map.of("action", "remove", "address", "nobody@alice.example", "confirm", "yes"));
        assertEquals(200, sender.status(), sender.toString());
        assertTrue(sender.body().contains("Nothing to remove: nobody@alice.example has no relay of its own."),
                sender.body());
        assertUnchanged(before);

        // in French
        owner.post("/lang", Map.of("lang", "fr", "next", "/plugins/smarthost/domains/alice.example"));
        HttpReply french = owner.post("/plugins/smarthost/domains/alice.example", form);
        assertTrue(french.body().contains("Rien à enregistrer\u202f: ces réglages sont déjà ceux en vigueur."),
                french.body());
        assertUnchanged(before);
    }
}
