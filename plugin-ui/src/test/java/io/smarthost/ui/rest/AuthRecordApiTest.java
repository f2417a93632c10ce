package io.smarthost.ui.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.core.spf.TestDnsServer;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.ui.testing.PanelWithDns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Domain-authentication records through the REST API and the CLI of a real panel (Jersey, host security,
 * H2 store, the panel's own DNS zones), checked live against a DNS server on 127.0.0.1 named in
 * panel.ini as for the SPF check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthRecordApiTest {
    static final String BASE = "/api/v2/plugins/smarthost/domains/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SENDGRID = "em1234.alice.example CNAME u1234567.wl123.sendgrid.net\n"
            + "s1._domainkey.alice.example CNAME s1.domainkey.u1234567.wl123.sendgrid.net\n"
            + "s2._domainkey.alice.example CNAME s2.domainkey.u1234567.wl123.sendgrid.net\n";

    PanelWithDns fixture;
    TestDnsServer dns;
    TestPanel panel;
    PanelClient admin;
    PanelClient alice;
    PanelClient bob;

    @BeforeAll
    void start(@TempDir Path home) throws Exception {
        fixture = PanelWithDns.start(home);
        dns = fixture.dns;
        panel = fixture.panel;
        admin = panel.api(panel.apiKey("admin"));
        alice = panel.api(panel.apiKey("alice"));
        bob = panel.api(panel.apiKey("bob"));
    }

    @AfterAll
    void stop() throws Exception {
        fixture.close();
    }

    private static JsonNode ok(HttpReply r) throws Exception {
        assertEquals(200, r.status(), r.toString());
        return JSON.readTree(r.body());
    }

    private static String paste(String provider, String text) throws Exception {
        return JSON.writeValueAsString(java.util.Map.of("provider", provider, "paste", text));
    }

    private static List<String> fieldsAndMessages(HttpReply r) throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(r.body()).get("errors").forEach(e -> out.add(e.get("field").asText() + " | " + e.get("message").asText()));
        return out;
    }

    @Test
    void theOwnerPastesChecksAndAppliesTheRecordsOfTheirDomain() throws Exception {
        JsonNode saved = ok(alice.json("PUT", BASE + "alice.example/auth-records", paste("sendgrid", SENDGRID)));
        assertEquals("sendgrid", saved.get("provider").asText());
        assertEquals(3, saved.get("records").size());
        assertEquals("ABSENT", saved.get("records").get(0).get("zoneState").asText());
        assertTrue(saved.get("zoneServed").asBoolean());

        dns.cname("em1234.alice.example", "u1234567.wl123.sendgrid.net");
        dns.cname("s1._domainkey.alice.example", "s1.domainkey.other.sendgrid.net");
        JsonNode check = ok(alice.get(BASE + "alice.example/auth-records/check"));
        assertEquals(List.of("FOUND", "DIFFERENT", "MISSING"), states(check, "state"));
        assertTrue(!check.get("allPublished").asBoolean());
        assertEquals("s1.domainkey.other.sendgrid.net", check.get("records").get(1).get("found").get(0).asText());

        JsonNode applied = ok(alice.json("POST", BASE + "alice.example/auth-records/apply", "{}"));
        assertEquals(List.of("APPLIED", "APPLIED", "APPLIED"), states(applied, "result"));
        assertEquals(List.of("IN_ZONE", "IN_ZONE", "IN_ZONE"), states(ok(alice.get(BASE + "alice.example/auth-records")), "zoneState"));
        assertEquals(List.of("UNCHANGED", "UNCHANGED", "UNCHANGED"),
                states(ok(alice.json("POST", BASE + "alice.example/auth-records/apply", "{}")), "result"));
    }

    @Test
    void aConflictWithTheZoneIsShownAndNeverWrittenOverRecordsOfAnotherType() throws Exception {
        // the zone template gives bob.example "mail A 192.0.2.10": a CNAME there would have to remove it
        ok(bob.json("PUT", BASE + "bob.example/auth-records", paste("smtp2go", "mail CNAME return.smtp2go.net\n")));
        JsonNode applied = ok(bob.json("POST", BASE + "bob.example/auth-records/apply", "{\"replaceConflicts\": true}"));
        assertEquals(List.of("CONFLICT"), states(applied, "result"));
        assertEquals("A 192.0.2.10", applied.get("results").get(0).get("existing").get(0).asText());
        assertEquals(1, applied.get("conflicts").asInt());
        JsonNode records = ok(bob.get(BASE + "bob.example/auth-records"));
        assertEquals("CONFLICT", records.get("records").get(0).get("zoneState").asText());
        assertTrue(!records.get("records").get(0).get("replaceable").asBoolean());
    }

    @Test
    void badRecordsAreRefusedWithOneErrorPerProblemAndNothingKept() throws Exception {
        HttpReply r = admin.json("PUT", BASE + "bob.example/auth-records", paste("mailjet",
                "mailjet._domainkey TXT k=rsa; p=MIGf\nem1 CNAME 192.0.2.1\nnonsense here\n"));
        assertEquals(400, r.status(), r.toString());
        assertEquals(List.of("paste | Line 3: no record type (CNAME or TXT) found in \"nonsense here\"; write the name, the type"
                + " and the value, e.g. s1._domainkey.example.com CNAME s1.domainkey.u1234.wl.sendgrid.net"), fieldsAndMessages(r));

        HttpReply list = admin.json("PUT", BASE + "bob.example/auth-records",
                "{\"provider\":\"mailjet\",\"records\":[{\"name\":\"mailjet._domainkey\",\"type\":\"TXT\",\"value\":\"k=rsa; p=AB\"},"
                        + "{\"name\":\"em1\",\"type\":\"CNAME\",\"value\":\"192.0.2.1\"}]}");
        assertEquals(400, list.status());
        List<String> errors = fieldsAndMessages(list);
        assertTrue(errors.contains("records[1].type | Mailjet does not ask for CNAME records; it asks for TXT. Check that the record"
                + " comes from Mailjet's dashboard"), errors.toString());
        assertTrue(errors.contains("records[1].value | \"192.0.2.1\" is an IP address: a CNAME points to a host name, not an address"),
                errors.toString());

        assertEquals(400, admin.json("PUT", BASE + "bob.example/auth-records", "{\"provider\":\"nope\",\"records\":[]}").status());
        assertEquals(400, admin.json("PUT", BASE + "bob.example/auth-records", "{\"records\":[{\"name\":1}]}").status());
        assertEquals(400, admin.json("PUT", BASE + "bob.example/auth-records", "{}").status());
        assertEquals(400, admin.json("POST", BASE + "bob.example/auth-records/apply", "{\"replaceConflicts\":\"yes\"}").status());
    }

    @Test
    void aCustomerCannotReadOrChangeAnotherOwnersRecords() throws Exception {
        ok(alice.json("PUT", BASE + "alice.example/auth-records", paste("sendgrid", SENDGRID)));
        assertEquals(404, bob.get(BASE + "alice.example/auth-records").status());
        assertEquals(404, bob.get(BASE + "alice.example/auth-records/check").status());
        assertEquals(404, bob.json("PUT", BASE + "alice.example/auth-records", "{\"records\":[]}").status());
        assertEquals(404, bob.json("POST", BASE + "alice.example/auth-records/apply", "{}").status());
        assertEquals(3, ok(alice.get(BASE + "alice.example/auth-records")).get("records").size(), "alice's records are as they were");
        assertEquals(3, ok(admin.get(BASE + "alice.example/auth-records")).get("records").size(), "admins see every domain's");
        PanelClient page = panel.login("bob");
        assertEquals(404, page.get("/plugins/smarthost/domains/alice.example/auth-records").status());
    }

    @Test
    void theCliReadsThePasteFromStandardInputAndExitsOneUntilDnsPublishesEveryRecord() throws Exception {
        TestPanel.CliRun bad = panel.cliWithStdin("em1 CNAME not a host\n", "smarthost", "--set-auth-records", "-domain", "bob.example",
                "-provider", "sendgrid");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("smarthost: stdin: Line 1: \"not\" is not a host name"), bad.err());
        assertTrue(bad.err().contains("nothing was changed"), bad.err());

        TestPanel.CliRun set = panel.cliWithStdin("Type\tHost\tValue\nTXT\tpm20240101._domainkey\tk=rsa; p=MIGfKEY\n"
                + "CNAME\tpm-bounces\tpm.mtasv.net\n", "smarthost", "--set-auth-records", "-domain", "bob.example", "-provider", "postmark");
        assertEquals(0, set.exitCode(), set.toString());
        dns.txt("pm20240101._domainkey.bob.example", "k=rsa; p=MIGfKEY");
        TestPanel.CliRun missing = panel.cli("smarthost", "--auth-records", "-domain", "bob.example", "-json");
        assertEquals(1, missing.exitCode(), missing.toString());
        JsonNode json = JSON.readTree(missing.out());
        assertEquals(List.of("FOUND", "MISSING"), states(json.get("check"), "state"));
        assertEquals("postmark", json.get("records").get("provider").asText());

        dns.cname("pm-bounces.bob.example", "pm.mtasv.net");
        TestPanel.CliRun found = panel.cli("smarthost", "--auth-records", "-domain", "bob.example");
        assertEquals(0, found.exitCode(), found.toString());
        assertTrue(found.out().contains("pm-bounces.bob.example CNAME pm.mtasv.net"), found.out());

        TestPanel.CliRun apply = panel.cli("smarthost", "--auth-records", "-domain", "bob.example", "-apply");
        assertEquals(0, apply.exitCode(), apply.toString());
        assertTrue(apply.out().contains("Added to the zone"), apply.out());
        assertEquals(2, panel.cli("smarthost", "--auth-records", "-domain", "bob.example", "-replace-conflicts", "true").exitCode());
        assertEquals(2, panel.cli("smarthost", "--auth-records").exitCode(), "-domain is required");
    }

    @Test
    void aDeletedDomainCreatedAgainForAnotherOwnerStartsWithoutTheRecords() throws Exception {
        panel.createDomain("carol.example", "alice");
        ok(alice.json("PUT", BASE + "carol.example/auth-records", paste("smtp2go", "em42 CNAME return.smtp2go.net\n")));
        assertEquals(0, panel.cli("domain", "--delete", "carol.example").exitCode());
        panel.createDomain("carol.example", "bob");
        assertEquals(0, ok(bob.get(BASE + "carol.example/auth-records")).get("records").size());
        assertEquals(404, alice.get(BASE + "carol.example/auth-records").status(), "no longer alice's");
    }

    private static List<String> states(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        JsonNode list = node.has("records") ? node.get("records") : node.get("results");
        list.forEach(r -> out.add(r.get(field).asText()));
        return out;
    }
}
