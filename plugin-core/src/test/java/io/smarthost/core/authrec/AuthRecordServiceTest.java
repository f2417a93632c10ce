package io.smarthost.core.authrec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.authrec.AuthRecordRules.Candidate;
import io.smarthost.core.dns.TxtStrings;
import io.smarthost.core.spf.SpfSettings;
import io.smarthost.core.spf.TestDnsServer;
import io.smarthost.panel.api.services.DnsZones;
import io.smarthost.panel.testkit.AesGcmSecretBox;
import io.smarthost.panel.testkit.InMemoryDnsZones;
import io.smarthost.panel.testkit.InMemorySettingsStore;
import io.smarthost.panel.testkit.RecordingActionLog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Saving, the live check against a DNS server on 127.0.0.1 (the resolver and timeout of the SPF check),
 * and "apply to the panel's zone" against an in-memory zone: conflicts are shown and never overwritten
 * unless asked, other records at a name are kept.
 */
class AuthRecordServiceTest {
    private static final String SENDGRID = """
            em1234.example.com CNAME u1234567.wl123.sendgrid.net
            s1._domainkey.example.com CNAME s1.domainkey.u1234567.wl123.sendgrid.net
            s2._domainkey.example.com CNAME s2.domainkey.u1234567.wl123.sendgrid.net
            """;

    private TestDnsServer dns;
    private InMemoryDnsZones zones;
    private RecordingActionLog log;
    private AuthRecordService service;

    @BeforeEach
    void start() throws Exception {
        dns = TestDnsServer.start();
        log = new RecordingActionLog();
        zones = new InMemoryDnsZones(log);
        SpfSettings settings = new SpfSettings(Optional.of(dns.address()), Duration.ofMillis(1500), 10, Duration.ofSeconds(5));
        service = new AuthRecordService(zones, log, new InMemorySettingsStore(new AesGcmSecretBox()),
                AuthRecordChecker.create(settings));
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
    }

    private void save(String domain, String provider, String paste) {
        AuthRecordRules.Validated v = service.save(domain, provider, AuthRecordPaste.parse(paste).candidates(), provider);
        assertEquals(List.of(), v.problems());
    }

    private static DnsZones.Record rec(String name, String type, String value) {
        return new DnsZones.Record(name, type, value, 3600);
    }

    @Test
    void keepsTheRecordsPerDomainAndRefusesToKeepAnyWhenOneIsWrong() {
        save("example.com", "sendgrid", SENDGRID);
        assertEquals(3, service.records("example.com").records().size());
        assertEquals("sendgrid", service.records("example.com").provider());
        assertEquals(0, service.records("example.net").records().size(), "per domain");

        AuthRecordRules.Validated bad = service.save("example.com", "sendgrid",
                List.of(new Candidate(0, "em9", "CNAME", "192.0.2.1")), "SendGrid");
        assertEquals(AuthRecordProblem.Code.TARGET_IS_ADDRESS, bad.problems().get(0).code());
        assertEquals(3, service.records("example.com").records().size(), "the stored records are as they were");

        service.save("example.com", "sendgrid", List.of(), "SendGrid");
        assertEquals(0, service.records("example.com").records().size(), "an empty list deletes them");
    }

    @Test
    void liveCheckSaysFoundDifferentMissingOrFailedPerRecord() {
        save("example.com", "mailgun-us", """
                em1234.example.com CNAME u1234567.wl123.sendgrid.net
                s1._domainkey.example.com CNAME s1.domainkey.u1234567.wl123.sendgrid.net
                pic._domainkey.example.com TXT k=rsa; p=MIGfMA0GCSqGSIb3DQEB
                email.example.com CNAME mailgun.org
                _dmarc.example.com TXT v=DMARC1; p=none
                """);
        dns.cname("em1234.example.com", "U1234567.wl123.sendgrid.net");      // case does not matter
        dns.cname("s1._domainkey.example.com", "s1.domainkey.u9999.wl1.sendgrid.net");
        dns.txt("pic._domainkey.example.com", "k=rsa;  p=MIGfMA0GCSqGSIb3DQEB"); // spaces do not matter in DKIM
        dns.servfail("email.example.com");
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");

        List<RecordCheck> checks = service.check("example.com");

        assertEquals(List.of(RecordCheck.State.FOUND, RecordCheck.State.DIFFERENT, RecordCheck.State.FOUND,
                RecordCheck.State.FAILED, RecordCheck.State.DIFFERENT), checks.stream().map(RecordCheck::state).toList(),
                checks.toString());
        assertEquals(List.of("s1.domainkey.u9999.wl1.sendgrid.net"), checks.get(1).found());
        assertEquals("SERVFAIL", checks.get(3).reason());
        assertEquals(List.of("v=DMARC1; p=reject"), checks.get(4).found());
    }

    @Test
    void liveCheckOfAMissingRecordAndOfATimeout() {
        save("example.com", "brevo", """
                @ TXT brevo-code:abc123
                brevo1._domainkey CNAME b1.example-com.dkim.brevo.com
                brevo2._domainkey CNAME b2.example-com.dkim.brevo.com
                """);
        dns.txt("example.com", "v=spf1 include:spf.brevo.com ~all");   // other TXT at the apex: not the code
        dns.silent("brevo2._domainkey.example.com");

        List<RecordCheck> checks = service.check("example.com");

        assertEquals(List.of(RecordCheck.State.MISSING, RecordCheck.State.MISSING, RecordCheck.State.FAILED),
                checks.stream().map(RecordCheck::state).toList(), checks.toString());
        assertEquals("timeout after 1500 ms", checks.get(2).reason());
    }

    @Test
    void applyAddsTheRecordsToTheZoneKeepingOtherTxtAndIsIdempotent() {
        zones.serve("example.com", rec("example.com", "TXT", "v=spf1 include:spf.brevo.com ~all"),
                rec("example.com", "A", "192.0.2.1"));
        save("example.com", "brevo", """
                @ TXT brevo-code:abc123
                brevo1._domainkey CNAME b1.example-com.dkim.brevo.com
                _dmarc TXT v=DMARC1; p=none; rua=mailto:rua@dmarc.brevo.com
                """);

        List<ApplyResult> first = service.apply("example.com", false);

        assertEquals(List.of(ApplyResult.Result.APPLIED, ApplyResult.Result.APPLIED, ApplyResult.Result.APPLIED),
                first.stream().map(ApplyResult::result).toList());
        List<String> apexTxt = zones.records("example.com").stream()
                .filter(r -> r.name().equals("example.com") && r.type().equals("TXT")).map(DnsZones.Record::value).toList();
        assertEquals(List.of("v=spf1 include:spf.brevo.com ~all", "brevo-code:abc123"), apexTxt, "the SPF record is kept");
        assertTrue(zones.records("example.com").contains(rec("brevo1._domainkey.example.com", "CNAME", "b1.example-com.dkim.brevo.com"))
                || zones.records("example.com").stream().anyMatch(r -> r.name().equals("brevo1._domainkey.example.com")
                && r.type().equals("CNAME") && r.value().equals("b1.example-com.dkim.brevo.com")));
        assertEquals(1, log.entries(AuthRecordService.ACTION_APPLIED).size());
        assertTrue(service.zone("example.com").stream().allMatch(z -> z.state() == ZoneRecord.State.IN_ZONE));

        List<ApplyResult> again = service.apply("example.com", false);
        assertTrue(again.stream().allMatch(a -> a.result() == ApplyResult.Result.UNCHANGED), again.toString());
        assertEquals(1, log.entries(AuthRecordService.ACTION_APPLIED).size(), "nothing written, nothing logged");
    }

    @Test
    void conflictsAreShownAndNotOverwrittenUnlessAskedAndNeverOverOtherTypes() {
        zones.serve("example.com",
                rec("em1234.example.com", "CNAME", "u1.wl1.sendgrid.net"),               // another target
                rec("s1._domainkey.example.com", "TXT", "v=DKIM1; k=rsa; p=OLDKEY"),      // a TXT where the CNAME goes
                rec("s2._domainkey.example.com", "CNAME", "s2.domainkey.u1234567.wl123.sendgrid.net"));
        save("example.com", "sendgrid", SENDGRID);

        assertEquals(List.of(ZoneRecord.State.CONFLICT, ZoneRecord.State.CONFLICT, ZoneRecord.State.IN_ZONE),
                service.zone("example.com").stream().map(ZoneRecord::state).toList());

        List<ApplyResult> kept = service.apply("example.com", false);
        assertEquals(List.of(ApplyResult.Result.CONFLICT, ApplyResult.Result.CONFLICT, ApplyResult.Result.UNCHANGED),
                kept.stream().map(ApplyResult::result).toList());
        assertEquals(List.of("CNAME u1.wl1.sendgrid.net"), kept.get(0).existing());
        assertEquals(List.of("TXT v=DKIM1; k=rsa; p=OLDKEY"), kept.get(1).existing());
        assertTrue(zones.records("example.com").stream().anyMatch(r -> r.value().equals("u1.wl1.sendgrid.net")), "not overwritten");

        List<ApplyResult> replaced = service.apply("example.com", true);
        assertEquals(List.of(ApplyResult.Result.REPLACED, ApplyResult.Result.CONFLICT, ApplyResult.Result.UNCHANGED),
                replaced.stream().map(ApplyResult::result).toList(), "a TXT of another type is never removed to make room");
        assertTrue(zones.records("example.com").stream().anyMatch(r -> r.name().equals("em1234.example.com")
                && r.value().equals("u1234567.wl123.sendgrid.net")));
        assertTrue(zones.records("example.com").stream().anyMatch(r -> r.value().equals("v=DKIM1; k=rsa; p=OLDKEY")));
        assertTrue(log.entries(AuthRecordService.ACTION_APPLIED).get(0).details().get("replaced em1234.example.com")
                .contains("u1.wl1.sendgrid.net"), "what was replaced is logged");
    }

    @Test
    void anotherDkimKeyAtTheSelectorIsAConflictThatReplaceSwaps() {
        zones.serve("example.com", rec("pic._domainkey.example.com", "TXT", "k=rsa; p=OLD"),
                rec("pic._domainkey.example.com", "TXT", "some-note"));
        save("example.com", "mailgun-us", "pic._domainkey TXT k=rsa; p=NEW");

        assertEquals(ApplyResult.Result.CONFLICT, service.apply("example.com", false).get(0).result());
        assertEquals(ApplyResult.Result.REPLACED, service.apply("example.com", true).get(0).result());
        List<String> values = zones.records("example.com").stream().filter(r -> r.name().equals("pic._domainkey.example.com"))
                .map(DnsZones.Record::value).toList();
        assertEquals(List.of("some-note", "k=rsa; p=NEW"), values);
    }

    @Test
    void aZoneNotServedHereIsPublishedByHandAndAFailedWriteSaysWhy() {
        save("example.com", "sendgrid", SENDGRID);
        assertTrue(service.apply("example.com", false).stream().allMatch(a -> a.result() == ApplyResult.Result.PUBLISH_BY_HAND));
        assertTrue(service.zone("example.com").stream().allMatch(z -> z.state() == ZoneRecord.State.NOT_SERVED));

        zones.serve("example.com");
        zones.failNextReplace();
        List<ApplyResult> results = service.apply("example.com", false);
        assertEquals(ApplyResult.Result.FAILED, results.get(0).result());
        assertTrue(!results.get(0).reason().isEmpty());
        assertEquals(ApplyResult.Result.APPLIED, results.get(1).result());
    }

    @Test
    void longTxtIsWrittenInQuotedStringsWhereTheZoneUsesThatForm() {
        zones.serve("example.com", rec("google._domainkey.example.com", "TXT", "\"note\""));
        String key = "v=DKIM1; k=rsa; p=" + "B".repeat(400);
        save("example.com", "google-workspace", "google._domainkey TXT " + key);
        service.apply("example.com", false);
        String written = zones.records("example.com").stream().filter(r -> r.value().contains("BBB")).findFirst().orElseThrow().value();
        assertTrue(written.startsWith("\"v=DKIM1; k=rsa; p=") && written.contains("\" \""), written);
        assertEquals(key, TxtStrings.textBeforeComment(written));
    }
}
