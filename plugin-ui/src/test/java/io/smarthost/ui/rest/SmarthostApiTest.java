package io.smarthost.ui.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.testing.TestRelay;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API in a real panel (Jersey, host security, H2 store) with the real Postfix backend writing
 * the sandbox folder, and real SMTP relays on 127.0.0.1. Every reply is scanned for the relay password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmarthostApiTest {
    static final String SECRET = "Relay-s3cret-7f9c2a";
    static final String BASE = "/api/v2/plugins/smarthost/";
    static final String INI = """
            [mail]
            smarthost.allowUntrustedCertificate = true
            smarthost.check.total_timeout = 10
            smarthost.spf.resolver = 127.0.0.1:9
            smarthost.spf.timeout_ms = 200
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    TestPanel panel;
    TestRelay relay;
    PanelClient admin;
    PanelClient alice;
    PanelClient bob;

    @BeforeAll
    void start(@TempDir Path home) {
        relay = TestRelay.start(TestRelay.Mode.STARTTLS, Map.of("relayuser", SECRET));
        panel = TestPanel.builder(home).classpathPlugin("smarthost").ini(INI).start();
        panel.createCustomer("alice");
        panel.createCustomer("bob");
        panel.createDomain("alice.example", "alice", "alias-alice.example");
        panel.createDomain("alice2.example", "alice");
        panel.createDomain("bob.example", "bob");
        admin = panel.api(panel.apiKey("admin"));
        alice = panel.api(panel.apiKey("alice"));
        bob = panel.api(panel.apiKey("bob"));
    }

    @AfterAll
    void stop() {
        panel.close();
        relay.close();
    }

    // ---- helpers

    /** Sends and checks that the reply never holds the relay password. */
    static HttpReply send(PanelClient client, String method, String path, String json) {
        HttpReply r = method.equals("GET") ? client.get(path.startsWith("/") ? path : BASE + path)
                : client.json(method, path.startsWith("/") ? path : BASE + path, method.equals("DELETE") ? null : json);
        assertFalse(r.body().contains(SECRET), "the relay password appeared in " + method + " " + path + ": " + r);
        return r;
    }

    static JsonNode ok(HttpReply r) throws Exception {
        assertEquals(200, r.status(), r.toString());
        return JSON.readTree(r.body());
    }

    static List<String> fields(HttpReply r) throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(r.body()).get("errors").forEach(e -> out.add(e.get("field").asText()));
        return out;
    }

    Path mainCf() {
        return panel.home().resolve("mail-sandbox/postfix/main.cf");
    }

    /** The test relay: self-signed certificate on an IP address, so verification is off (Postfix could not verify it). */
    String relayJson(String extra) {
        return "{\"host\":\"[127.0.0.1]\",\"port\":" + relay.port() + ",\"encryption\":\"starttls\",\"verifyCertificate\":false,\"authentication\":true,"
                + "\"username\":\"relayuser\",\"password\":\"" + SECRET + "\"" + extra + "}";
    }

    void saveServerRelay() throws Exception {
        ok(send(admin, "PUT", "server", relayJson("")));
    }

    // ---- server level

    @Test
    void serverUpdateWritesRelayhostIntoMainCfAndReadsNeverShowTheSecret() throws Exception {
        saveServerRelay();
        assertTrue(Files.readString(mainCf()).contains("relayhost = [127.0.0.1]:" + relay.port()), Files.readString(mainCf()));
        JsonNode server = ok(send(admin, "GET", "server", null));
        assertEquals("server", server.get("scope").asText());
        assertTrue(server.get("secretSet").asBoolean());
        assertEquals("relayuser", server.get("settings").get("username").asText());
        assertEquals("SERVER", server.get("effectiveLevel").asText());
        assertFalse(server.get("settings").has("password"));
    }

    /** JSON's 2525.0 is the number 2525 (it was refused as "must be a number"): saved, written and read back as 2525. */
    @Test
    void aPortWrittenWithAFractionOfZeroIsThatPort() throws Exception {
        saveServerRelay();
        ok(send(admin, "PUT", "server", "{\"host\":\"[127.0.0.1]\",\"port\":" + relay.port() + ".0,\"backupHost\":\"[127.0.0.2]\","
                + "\"backupPort\":2.525e3,\"verifyCertificate\":false,\"authentication\":true,\"username\":\"relayuser\",\"password\":\""
                + SECRET + "\"}"));
        JsonNode server = ok(send(admin, "GET", "server", null));
        assertEquals(relay.port(), server.get("settings").get("port").asInt(), server.toString());
        assertEquals(2525, server.get("settings").get("backup").get("port").asInt(), server.toString());
        assertTrue(Files.readString(mainCf()).contains("relayhost = [127.0.0.1]:" + relay.port()), Files.readString(mainCf()));
        saveServerRelay(); // no backup again
    }

    @Test
    void blankPasswordKeepsTheStoredSecret() throws Exception {
        saveServerRelay();
        ok(send(admin, "PUT", "server", "{\"host\":\"[127.0.0.1]\",\"port\":" + relay.port()
                + ",\"verifyCertificate\":false,\"authentication\":true,\"username\":\"relayuser\",\"password\":\"\"}"));
        assertTrue(ok(send(admin, "GET", "server", null)).get("secretSet").asBoolean());
        // and the kept secret still logs in: the check of the stored settings passes AUTH
        JsonNode report = ok(send(admin, "POST", "server/check", ""));
        assertTrue(report.get("ok").asBoolean(), report.toString());
    }

    @Test
    void badInputAnswers400NamingEachFieldAndLeavesMainCfByteIdentical() throws Exception {
        saveServerRelay();
        byte[] before = Files.readAllBytes(mainCf());
        HttpReply r = send(admin, "PUT", "server", "{\"host\":\"bad host!\",\"port\":99999,\"encryption\":\"ssl\"}");
        assertEquals(400, r.status(), r.toString());
        assertTrue(fields(r).containsAll(List.of("host", "port", "encryption")), r.body());
        assertArrayEquals(before, Files.readAllBytes(mainCf()), "main.cf changed after bad input");

        HttpReply wrongType = send(admin, "PUT", "server", "{\"host\":\"smtp.example.com\",\"enabled\":\"yes\"}");
        assertEquals(400, wrongType.status());
        assertEquals(List.of("enabled"), fields(wrongType));
        HttpReply unknown = send(admin, "PUT", "server", "{\"hostname\":\"smtp.example.com\"}");
        assertEquals(400, unknown.status());
        assertEquals(List.of("hostname"), fields(unknown));
        HttpReply notJson = send(admin, "PUT", "server", "{host:");
        assertEquals(400, notJson.status());
        assertTrue(notJson.body().contains("not valid JSON"), notJson.body());
        HttpReply badConfirm = send(admin, "PUT", "server", relayJson(",\"confirm\":\"yes\""));
        assertEquals(List.of("confirm"), fields(badConfirm));
        assertArrayEquals(before, Files.readAllBytes(mainCf()), "main.cf changed after bad input");
    }

    @Test
    void checkOfStoredServerRelayLogsInAndIsRecorded() throws Exception {
        saveServerRelay();
        JsonNode report = ok(send(admin, "POST", "server/check", null));
        assertTrue(report.get("ok").asBoolean(), report.toString());
        assertTrue(StreamSupport.stream(report.get("steps").spliterator(), false)
                .anyMatch(s -> s.get("id").asText().equals("auth") && s.get("status").asText().equals("ok")), report.toString());
        JsonNode last = ok(send(admin, "GET", "server", null)).get("lastCheck");
        assertTrue(last.get("ok").asBoolean(), last.toString());
    }

    /**
     * Regression (issue 12): a check of values never saved was recorded against the saved relay ("Failed
     * ... port 2465" for a relay that had passed), as text in the language of whoever ran it.
     */
    @Test
    void lastCheckIsKeptOnlyForTheSavedRelayAndAnsweredWithACodeInTheCallersLanguage() throws Exception {
        ok(send(admin, "PUT", "domains/alice.example", relayJson("")));
        assertTrue(ok(send(admin, "GET", "domains/alice.example", null)).get("lastCheck").isNull());
        JsonNode unsaved = ok(send(admin, "POST", "domains/alice.example/check", "{\"host\":\"[127.0.0.1]\",\"port\":2465,"
                + "\"encryption\":\"none\",\"authentication\":false}"));
        assertFalse(unsaved.get("ok").asBoolean());
        assertTrue(ok(send(admin, "GET", "domains/alice.example", null)).get("lastCheck").isNull(),
                "a check of unsaved values is not kept");

        JsonNode saved = ok(send(admin, "POST", "domains/alice.example/check", null));
        assertTrue(saved.get("ok").asBoolean(), saved.toString());
        JsonNode english = ok(send(admin, "GET", "domains/alice.example", null)).get("lastCheck");
        assertEquals("ok", english.get("code").asText(), english.toString());
        assertEquals("All steps passed.", english.get("message").asText());
        assertTrue(english.get("step").isNull());

        panel.panel().users().setLanguage("alice", "fr");
        try {
            JsonNode french = ok(send(alice, "GET", "domains/alice.example", null)).get("lastCheck");
            assertEquals("ok", french.get("code").asText());
            assertEquals("Toutes les étapes ont réussi.", french.get("message").asText());
            assertEquals(english.get("time").asText(), french.get("time").asText(), "the same record, read in French");
        } finally {
            panel.panel().users().setLanguage("alice", "en");
        }
        ok(send(admin, "DELETE", "domains/alice.example", null));
    }

    @Test
    void checkOfTypedSettingsWithAWrongPasswordFailsAtAuth() throws Exception {
        JsonNode report = ok(send(admin, "POST", "server/check", "{\"host\":\"[127.0.0.1]\",\"port\":" + relay.port()
                + ",\"verifyCertificate\":false,\"authentication\":true,\"username\":\"relayuser\",\"password\":\"wrong-one\"}"));
        assertFalse(report.get("ok").asBoolean());
        String failed = StreamSupport.stream(report.get("steps").spliterator(), false)
                .filter(st -> st.get("status").asText().equals("failed")).map(st -> st.get("id").asText()).findFirst().orElseThrow();
        assertEquals("auth", failed, report.toString());
        assertFalse(report.toString().contains("wrong-one"), "typed password in the report");
    }

    @Test
    void adHocCheckOfAClosedPortFailsAtConnect() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        JsonNode report = ok(send(admin, "POST", "check", "{\"host\":\"127.0.0.1\",\"port\":" + closed + ",\"encryption\":\"none\"}"));
        assertFalse(report.get("ok").asBoolean());
        assertEquals(400, send(admin, "POST", "check", "{}").status());
    }

    @Test
    void testMailGoesThroughTheStoredRelay() throws Exception {
        saveServerRelay();
        JsonNode report = ok(send(admin, "POST", "server/test-mail", "{\"to\":\"rcpt@example.net\",\"from\":\"sender@example.org\"}"));
        assertTrue(report.get("ok").asBoolean(), report.toString());
        TestRelay.Received got = relay.await(m -> m.to().equals("rcpt@example.net"), Duration.ofSeconds(10));
        assertEquals("relayuser", got.login().orElseThrow());
        assertEquals(List.of("to"), fields(send(admin, "POST", "server/test-mail", "{\"from\":\"a@example.org\"}")));
        assertEquals(List.of("from"), fields(send(admin, "POST", "server/test-mail", "{\"to\":\"a@example.org\"}")));
        assertEquals(List.of("to"), fields(send(admin, "POST", "server/test-mail",
                "{\"to\":\"not an address\",\"from\":\"a@example.org\"}")));
    }

    @Test
    void previewShowsWhatWouldBeWrittenAndSavesNothing() throws Exception {
        saveServerRelay();
        byte[] before = Files.readAllBytes(mainCf());
        JsonNode p = ok(send(admin, "POST", "server/preview", "{\"host\":\"[192.0.2.10]\",\"port\":2525,\"encryption\":\"none\"}"));
        assertTrue(p.toString().contains("192.0.2.10"), p.toString());
        assertArrayEquals(before, Files.readAllBytes(mainCf()));
        assertEquals(relay.port(), ok(send(admin, "GET", "server", null)).get("settings").get("port").asInt());
    }

    @Test
    void disableKeepsSettingsAndRemoveDeletesThem() throws Exception {
        saveServerRelay();
        ok(send(admin, "POST", "server/disable", null));
        JsonNode off = ok(send(admin, "GET", "server", null));
        assertFalse(off.get("settings").get("enabled").asBoolean());
        assertEquals("DIRECT", off.get("effectiveLevel").asText());
        assertFalse(Files.readString(mainCf()).contains("relayhost = [127.0.0.1]"));
        ok(send(admin, "DELETE", "server", null));
        assertTrue(ok(send(admin, "GET", "server", null)).get("settings").isNull());
        saveServerRelay();
    }

    // ---- domain level

    @Test
    void ownerManagesTheirDomainAndOthersGet404() throws Exception {
        ok(send(alice, "PUT", "domains/alice.example", "{\"host\":\"smtp.relay-a.example\",\"port\":587,"
                + "\"authentication\":true,\"username\":\"alice-user\",\"password\":\"" + SECRET + "\"}"));
        JsonNode view = ok(send(alice, "GET", "domains/alice.example", null));
        assertEquals("DOMAIN", view.get("effectiveLevel").asText());
        assertTrue(view.get("secretSet").asBoolean());
        assertEquals(404, send(bob, "GET", "domains/alice.example", null).status());
        assertEquals(404, send(bob, "PUT", "domains/alice.example", "{\"host\":\"x.example\"}").status());
        assertEquals(401, send(panel.anonymous(), "GET", "domains/alice.example", null).status());
        assertEquals(404, send(admin, "GET", "domains/nowhere.example", null).status());
        HttpReply viaAlias = send(admin, "PUT", "domains/alias-alice.example", "{\"host\":\"x.example\"}");
        assertEquals(404, viaAlias.status(), viaAlias.toString());
        assertTrue(viaAlias.body().contains("alias"), viaAlias.body());
        assertTrue(Files.readString(panel.home().resolve("mail-sandbox/postfix/smarthost/sender_relay"))
                .contains("@alice.example"));
    }

    @Test
    void customerDoesNotSeeTheServerRelayThroughTheirDomain() throws Exception {
        saveServerRelay();
        JsonNode view = ok(send(alice, "GET", "domains/alice2.example", null));
        assertEquals("SERVER", view.get("effectiveLevel").asText());
        assertTrue(view.get("effective").isNull(), view.toString());
        assertFalse(ok(send(admin, "GET", "domains/alice2.example", null)).get("effective").isNull());
    }

    @Test
    void customerCheckOfLoopbackIsRefusedWith403() throws Exception {
        HttpReply r = send(alice, "POST", "domains/alice2.example/check", "{\"host\":\"127.0.0.1\",\"port\":587,\"encryption\":\"none\"}");
        assertEquals(403, r.status(), r.toString());
        assertEquals(403, send(alice, "PUT", "domains/alice2.example", "{\"host\":\"smtp.example.com\",\"confirm\":\"take-over\"}").status());
    }

    /**
     * A customer saves what a check would let them reach, no more (a hostile tester saved [127.0.0.1]:10025, a content
     * filter's re-injection port, and [169.254.169.254]:25 as a customer: 200, written to the maps).
     */
    @Test
    void aCustomerCannotSaveARelayOnThisServerOrItsPrivateNetworksOrAnotherPort() throws Exception {
        Path senderRelay = panel.home().resolve("mail-sandbox/postfix/smarthost/sender_relay");
        String before = Files.exists(senderRelay) ? Files.readString(senderRelay) : "";
        for (String host : List.of("[127.0.0.1]", "[169.254.169.254]", "[10.1.2.3]", "[::1]", "localhost", "relay.localhost",
                "[127.0.0.0x1]", "[0xa000005]", "localhost.localdomain")) {
            HttpReply r = send(alice, "PUT", "domains/alice2.example", "{\"host\":\"" + host + "\",\"port\":25,\"encryption\":\"none\"}");
            assertEquals(400, r.status(), host + ": " + r);
            assertEquals(List.of("host"), fields(r), r.toString());
            assertTrue(r.body().contains("customers may not send mail through it"), r.body());
        }
        HttpReply port = send(alice, "PUT", "domains/alice2.example", "{\"host\":\"smtp.relay-a.example\",\"port\":10025,\"encryption\":\"none\"}");
        assertEquals(400, port.status(), port.toString());
        assertEquals(List.of("port"), fields(port), port.toString());
        assertTrue(port.body().contains("Allowed ports: 25, 465, 587, 2525"), port.body());
        HttpReply backup = send(alice, "PUT", "domains/alice2.example", "{\"host\":\"smtp.relay-a.example\",\"port\":587,"
                + "\"encryption\":\"none\",\"backupHost\":\"[127.0.0.1]:25\"}");
        assertEquals(400, backup.status(), backup.toString());
        assertEquals(List.of("backupHost"), fields(backup), backup.toString());
        HttpReply sender = send(alice, "PUT", "domains/alice2.example/senders/anna@alice2.example",
                "{\"host\":\"[127.0.0.1]\",\"port\":25,\"encryption\":\"none\"}");
        assertEquals(400, sender.status(), sender.toString());
        assertEquals(before, Files.exists(senderRelay) ? Files.readString(senderRelay) : "", "nothing was written");
        // a public address and a standard port: saved; an administrator saves anything
        ok(send(alice, "PUT", "domains/alice2.example", "{\"host\":\"[192.0.2.77]\",\"port\":2525,\"encryption\":\"none\"}"));
        ok(send(admin, "PUT", "domains/alice2.example", "{\"host\":\"smtp.relay-b.example\",\"port\":8025,"
                + "\"encryption\":\"none\",\"authentication\":true,\"username\":\"b\",\"password\":\"first-" + SECRET + "\"}"));
        // the relay an administrator set stays the customer's to keep: a new password, turned off, turned on again
        ok(send(alice, "PUT", "domains/alice2.example", "{\"host\":\"smtp.relay-b.example\",\"port\":8025,"
                + "\"encryption\":\"none\",\"authentication\":true,\"username\":\"b\",\"password\":\"" + SECRET + "\"}"));
        ok(send(alice, "PUT", "domains/alice2.example", "{\"enabled\":false,\"host\":\"smtp.relay-b.example\",\"port\":8025,"
                + "\"encryption\":\"none\",\"authentication\":true,\"username\":\"b\"}"));
        ok(send(alice, "PUT", "domains/alice2.example", "{\"enabled\":true,\"host\":\"smtp.relay-b.example\",\"port\":8025,"
                + "\"encryption\":\"none\",\"authentication\":true,\"username\":\"b\"}"));
        // but a new address is judged, on or off (off, then on, would pass anything)
        HttpReply off = send(alice, "PUT", "domains/alice2.example", "{\"enabled\":false,\"host\":\"[127.0.0.1]\",\"port\":25,"
                + "\"encryption\":\"none\"}");
        assertEquals(400, off.status(), off.toString());
        assertEquals(List.of("host"), fields(off), off.toString());
        ok(send(admin, "DELETE", "domains/alice2.example", null));
    }

    @Test
    void domainDisableRemoveAndTheirSenderMaps() throws Exception {
        ok(send(admin, "PUT", "domains/bob.example", "{\"host\":\"[192.0.2.20]\",\"port\":2525,\"encryption\":\"none\"}"));
        Path senderRelay = panel.home().resolve("mail-sandbox/postfix/smarthost/sender_relay");
        assertTrue(Files.readString(senderRelay).contains("@bob.example [192.0.2.20]:2525"));
        ok(send(bob, "POST", "domains/bob.example/disable", null));
        assertFalse(ok(send(bob, "GET", "domains/bob.example", null)).get("settings").get("enabled").asBoolean());
        ok(send(bob, "DELETE", "domains/bob.example", null));
        assertTrue(ok(send(bob, "GET", "domains/bob.example", null)).get("settings").isNull());
        assertFalse(Files.readString(senderRelay).lines().anyMatch(l -> l.startsWith("@bob.example ")));
    }

    @Test
    void domainTestMailDefaultsToPostmasterOfTheDomain() throws Exception {
        ok(send(admin, "PUT", "domains/alice2.example", relayJson("")));
        JsonNode report = ok(send(admin, "POST", "domains/alice2.example/test-mail", "{\"to\":\"dest@example.net\"}"));
        assertTrue(report.get("ok").asBoolean(), report.toString());
        TestRelay.Received got = relay.await(m -> m.to().equals("dest@example.net"), Duration.ofSeconds(10));
        assertEquals("postmaster@alice2.example", got.from());
        ok(send(admin, "DELETE", "domains/alice2.example", null));
    }

    /**
     * A filter in Unicode finds a domain by the name the pages show (a hostile tester's "filter=bücher" found
     * nothing: the name is xn--...), in every order and on the host's own list; a total counted in full says so.
     */
    @Test
    void aUnicodeFilterFindsDomainsByTheirShownNameInEveryOrder() throws Exception {
        String ascii = java.net.IDN.toASCII("bücher-laden.example");
        panel.createDomain(ascii, "alice");
        try {
            ok(send(admin, "PUT", "domains/" + ascii, "{\"host\":\"[192.0.2.31]\",\"port\":25,\"encryption\":\"none\"}"));
            String q = java.net.URLEncoder.encode("BÜCHER-l", java.nio.charset.StandardCharsets.UTF_8);
            for (String order : List.of("", "&sort=relay", "&sort=domain&dir=desc", "&sort=user")) {
                JsonNode page = ok(send(admin, "GET", "domains?filter=" + q + order, null));
                assertEquals(1, page.get("total").asInt(), order + ": " + page);
                assertEquals(ascii, page.get("items").get(0).get("domain").asText());
                assertEquals("bücher-laden.example", page.get("items").get(0).get("domainDisplay").asText());
                assertTrue(page.get("totalExact").asBoolean(), order + ": a total of one is exact");
            }
            JsonNode host = ok(send(admin, "GET", "/api/v2/domains?filter=" + q, null));
            assertEquals(ascii, host.get("items").get(0).get("name").asText(), host.toString());
            JsonNode none = ok(send(admin, "GET", "domains?filter=" + java.net.URLEncoder.encode("bücherei",
                    java.nio.charset.StandardCharsets.UTF_8), null));
            assertEquals(0, none.get("total").asInt());
        } finally {
            send(admin, "DELETE", "domains/" + ascii, null);
        }
    }

    @Test
    void listFiltersAndPagesAndRefusesBadPaging() throws Exception {
        ok(send(admin, "POST", "bulk/update", "{\"domains\":[\"alice.example\",\"bob.example\"],\"host\":\"[192.0.2.30]\","
                + "\"port\":25,\"encryption\":\"none\"}"));
        JsonNode all = ok(send(admin, "GET", "domains?limit=1", null));
        assertEquals(2, all.get("total").asInt());
        assertEquals(1, all.get("items").size());
        JsonNode filtered = ok(send(admin, "GET", "domains?filter=bob", null));
        assertEquals("bob.example", filtered.get("items").get(0).get("domain").asText());
        assertEquals(1, filtered.get("total").asInt());
        ok(send(admin, "PUT", "domains/bob.example", "{\"host\":\"[192.0.2.20]\",\"port\":25,\"encryption\":\"none\"}"));
        JsonNode byRelay = ok(send(admin, "GET", "domains?sort=relay&limit=1", null));
        assertEquals("bob.example", byRelay.get("items").get(0).get("domain").asText(), "192.0.2.20 before 192.0.2.30");
        assertEquals(2, byRelay.get("total").asInt());
        JsonNode byRelayDesc = ok(send(admin, "GET", "domains?sort=relay&dir=desc&offset=1", null));
        assertEquals("bob.example", byRelayDesc.get("items").get(0).get("domain").asText());
        assertEquals(List.of("sort"), fields(send(admin, "GET", "domains?sort=password", null)));
        assertEquals(List.of("dir"), fields(send(admin, "GET", "domains?dir=up", null)));
        assertEquals(List.of("limit"), fields(send(admin, "GET", "domains?limit=abc", null)));
        assertEquals(List.of("offset"), fields(send(admin, "GET", "domains?offset=-1", null)));
        assertEquals(List.of("limit"), fields(send(admin, "GET", "domains?limit=%2B5", null)), "a sign: ASCII digits only");
        assertEquals(List.of("limit"), fields(send(admin, "GET", "domains?limit=%EF%BC%95%EF%BC%90", null)), "full-width 50");
        assertEquals(404, send(alice, "GET", "domains", null).status());
        ok(send(admin, "POST", "bulk/disable", "{\"domains\":[\"alice.example\",\"bob.example\"]}"));
        JsonNode after = ok(send(admin, "GET", "domains", null));
        after.get("items").forEach(row -> assertFalse(row.get("settings").get("enabled").asBoolean(), row.toString()));
        assertEquals(List.of("domains"), fields(send(admin, "POST", "bulk/disable", "{\"domains\":[]}")));
        assertEquals(List.of("domains"), fields(send(admin, "POST", "bulk/disable", "{\"domains\":\"a.example\"}")));
        assertEquals(404, send(admin, "POST", "bulk/disable", "{\"domains\":[\"nowhere.example\"]}").status());
        assertEquals(List.of("domains[1]"), fields(send(admin, "POST", "bulk/disable", "{\"domains\":[\"alice.example\",\" \"]}")),
                "a blank name is bad input, not an unknown domain");
        // which name, and a name that is no domain name is bad input (400), one the panel lacks is not found (404)
        HttpReply notAName = send(admin, "POST", "bulk/disable", "{\"domains\":[\"alice.example\",\"bad..name\"]}");
        assertEquals(400, notAName.status());
        assertEquals(List.of("domains[1]"), fields(notAName));
        HttpReply unknown = send(admin, "POST", "bulk/update", "{\"domains\":[\"alice.example\",\"bob.example\","
                + "\"nowhere.example\"],\"host\":\"[192.0.2.30]\",\"port\":25,\"encryption\":\"none\"}");
        assertEquals(404, unknown.status());
        assertEquals(List.of("domains[2]"), fields(unknown));
        HttpReply alone = send(admin, "POST", "bulk/disable", "{\"domains\":[\"a..b\"]}");
        assertEquals(400, alone.status(), "a list of one too");
        assertEquals(List.of("domains[0]"), fields(alone));
    }

    // ---- tools and SPF

    @Test
    void infoInspectRepairProvidersAndTheOpenApiDocument() throws Exception {
        JsonNode info = ok(send(admin, "GET", "info", null));
        assertTrue(info.get("backend").asText().toLowerCase().contains("postfix"), info.toString());
        assertTrue(info.get("serverLevel").asBoolean());
        ok(send(admin, "GET", "inspect", null));
        ok(send(admin, "POST", "repair", null));
        assertTrue(ok(send(alice, "GET", "providers", null)).toString().contains("sendgrid"));
        JsonNode api = ok(send(admin, "GET", "openapi.json", null));
        assertEquals("3.0.3", api.get("openapi").asText());
        assertEquals(404, send(alice, "GET", "openapi.json", null).status());
    }

    @Test
    void spfStatusApplyAndTemplate() throws Exception {
        JsonNode status = ok(send(alice, "GET", "spf/domains/alice2.example?include=spf.relay-a.example", null));
        assertEquals("spf.relay-a.example", status.get("include").asText());
        assertTrue(status.get("zoneServed").asBoolean());
        assertTrue(status.get("recordToPublish").asText().contains("include:spf.relay-a.example"), status.toString());
        HttpReply noInclude = send(alice, "GET", "spf/domains/alice2.example", null);
        if (noInclude.status() != 200) {
            assertEquals(List.of("include"), fields(noInclude));
        }
        JsonNode applied = ok(send(admin, "POST", "spf/domains/alice2.example/apply", "{\"include\":\"spf.relay-a.example\"}"));
        assertEquals("APPLIED", applied.get("result").asText(), applied.toString());
        assertTrue(panel.panel().dns().records("alice2.example").stream()
                .anyMatch(r -> r.type().equals("TXT") && r.value().contains("include:spf.relay-a.example")));
        assertEquals(404, send(alice, "POST", "spf/domains/alice2.example/apply", "{\"include\":\"x.example\"}").status());
        JsonNode template = ok(send(admin, "POST", "spf/template", "{\"include\":\"spf.relay-a.example\"}"));
        assertTrue(List.of("APPLIED", "UNCHANGED").contains(template.get("result").asText()), template.toString());
        assertEquals(List.of("include"), fields(send(admin, "POST", "spf/template", "{}")));
        ok(send(admin, "GET", "spf/domains", null));
    }

    @Test
    void removeIncludeTakesTheDisabledRelaysIncludeOutOfTheZoneForTheOwnerOnly() throws Exception {
        panel.createDomain("alice3.example", "alice");
        var dns = panel.panel().dns();
        dns.replace("alice3.example", "alice3.example", "TXT", List.of("v=spf1 mx include:sendgrid.net ~all"));
        ok(send(alice, "PUT", "domains/alice3.example", "{\"provider\":\"sendgrid\",\"host\":\"smtp.sendgrid.net\","
                + "\"port\":587,\"encryption\":\"starttls\",\"authentication\":true,\"username\":\"apikey\","
                + "\"password\":\"SG.key-for-alice3\"}"));
        HttpReply stillNeeded = send(alice, "POST", "spf/domains/alice3.example/remove-include", "{}");
        assertEquals(409, stillNeeded.status(), stillNeeded.toString());
        assertEquals(List.of("include"), fields(stillNeeded));
        ok(send(alice, "POST", "domains/alice3.example/disable", null));

        assertEquals(401, send(panel.anonymous(), "POST", "spf/domains/alice3.example/remove-include", "{}").status());
        assertEquals(404, send(bob, "POST", "spf/domains/alice3.example/remove-include", "{}").status());
        assertEquals(List.of("include"), fields(send(alice, "POST", "spf/domains/alice3.example/remove-include",
                "{\"include\":\"not a domain\"}")));
        assertTrue(spfValues("alice3.example").contains("v=spf1 mx include:sendgrid.net ~all"), "nothing changed yet");

        JsonNode removed = ok(send(alice, "POST", "spf/domains/alice3.example/remove-include", "{}"));
        assertEquals("APPLIED", removed.get("result").asText(), removed.toString());
        assertEquals("v=spf1 mx ~all", removed.get("after").asText());
        assertEquals(List.of("v=spf1 mx ~all"), spfValues("alice3.example"), "the include of the relay's preset, by default");
        JsonNode again = ok(send(admin, "POST", "spf/domains/alice3.example/remove-include", "{\"include\":\"sendgrid.net\"}"));
        assertEquals("UNCHANGED", again.get("result").asText());

        ok(send(admin, "POST", "spf/template", "{\"include\":\"sendgrid.net\"}"));
        assertTrue(dns.template().stream().anyMatch(r -> r.value().contains("include:sendgrid.net")));
        JsonNode template = ok(send(admin, "POST", "spf/template/remove-include", "{\"include\":\"sendgrid.net\"}"));
        assertEquals("APPLIED", template.get("result").asText(), template.toString());
        assertFalse(dns.template().stream().anyMatch(r -> r.value().contains("include:sendgrid.net")), dns.template().toString());
        assertEquals(List.of("include"), fields(send(admin, "POST", "spf/template/remove-include", "{}")));
        assertEquals(404, send(alice, "POST", "spf/template/remove-include", "{\"include\":\"sendgrid.net\"}").status());
    }

    private List<String> spfValues(String domain) {
        return panel.panel().dns().records(domain).stream()
                .filter(r -> r.type().equals("TXT") && r.value().startsWith("v=spf1")).map(r -> r.value()).toList();
    }

    // ---- authorization matrix and visibility, over every route

    @Test
    void anonymousGets401OnEveryRoute() {
        for (ApiRoutes.Route r : ApiRoutes.all()) {
            assertEquals(401, send(panel.anonymous(), r.method(), r.on("alice.example"), "{}").status(), r.toString());
        }
    }

    @Test
    void customerGets404OnEveryAdminRouteAndOnAnotherCustomersDomain() {
        for (ApiRoutes.Route r : ApiRoutes.all()) {
            if (r.role() == Role.ADMIN) {
                assertEquals(404, send(alice, r.method(), r.on("alice.example"), "{}").status(), r.toString());
            }
            if (r.domainRoute()) {
                assertEquals(404, send(bob, r.method(), r.on("alice.example"), "{}").status(), "bob: " + r);
            }
        }
    }

    @Test
    void eachVisibilitySwitchHidesItsRoutesFromEveryone() throws Exception {
        try {
            hide("[mail]\nsmarthost.server.enabled = false\n");
            for (ApiRoutes.Route r : ApiRoutes.all()) {
                if (r.resource() == ServerRest.class) {
                    assertEquals(404, send(admin, r.method(), r.on("alice.example"), "{}").status(), "server off: " + r);
                }
            }
            assertEquals(200, send(admin, "GET", "domains/alice.example", null).status(), "domain level stays");
            hide("[mail]\nsmarthost.domain.enabled = false\n");
            for (ApiRoutes.Route r : ApiRoutes.all()) {
                if (r.resource() == DomainRest.class || r.resource() == BulkRest.class || r.resource() == SpfRest.class
                        || r.resource() == SenderRest.class) {
                    assertEquals(404, send(admin, r.method(), r.on("alice.example"), "{}").status(), "domain off: " + r);
                    if (r.role() == Role.CUSTOMER) {
                        assertEquals(404, send(alice, r.method(), r.on("alice.example"), "{}").status(), "alice, domain off: " + r);
                    }
                }
            }
            assertEquals(200, send(admin, "GET", "server", null).status(), "server level stays");
            hide("");
            assertEquals(0, panel.cli("settings", "--set", "restricted_mode=true").exitCode());
            for (ApiRoutes.Route r : ApiRoutes.all()) {
                assertEquals(404, send(admin, r.method(), r.on("alice.example"), "{}").status(), "restricted: " + r);
            }
        } finally {
            panel.cli("settings", "--set", "restricted_mode=false");
            hide("");
        }
        assertEquals(200, send(admin, "GET", "server", null).status(), "visible again without reinstalling");
    }

    private void hide(String extra) throws Exception {
        Files.writeString(panel.home().resolve("panel.ini"), INI + extra.replace("[mail]\n", ""));
        assertEquals(0, panel.cli("settings", "--reload-ini").exitCode());
    }
}
