package io.smarthost.panel.host.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.services.DnsZones.Record;
import io.smarthost.panel.host.db.Jdbc;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DbDnsZones} on a real panel database: {@code replace} is all or nothing, every change is in the
 * action log, new zones get the template with {@code <domain>} filled in, unknown zones are not served.
 */
class DbDnsZonesTest {

    @TempDir
    Path home;
    TestPanel panel;
    DbDnsZones dns;

    @BeforeEach
    void start() {
        panel = TestPanel.builder(home).withoutWeb().start();
        panel.createCustomer("alice");
        panel.createDomain("a.example", "alice");
        dns = panel.panel().dns();
    }

    @AfterEach
    void stop() {
        panel.close();
    }

    private List<Record> of(String name, String type) {
        return dns.records("a.example").stream().filter(r -> r.name().equals(name) && r.type().equals(type)).toList();
    }

    private long logEntries(String action, String target) {
        return DbActionLog.latest(panel.panel().jdbc(), 10_000).stream()
                .filter(e -> e.action().equals(action) && e.target().equals(target)).count();
    }

    /** A list page asks for the TXT records of its rows' zones at once (issue 16: not three queries per row). */
    @Test
    void recordsOfManyZonesInOneCallAnswerOnlyForServedZones() {
        panel.createDomain("b.example", "alice");
        dns.replace("b.example", "b.example", "TXT", List.of());
        dns.replace("a.example", "a.example", "TXT", List.of("v=spf1 include:relay.example -all", "x=1"));
        var zones = dns.records(List.of("A.example", "b.example", "not-served.example"), "txt");
        assertEquals(java.util.Set.of("a.example", "b.example"), zones.keySet(), "no entry for a zone not served");
        assertEquals(List.of("v=spf1 include:relay.example -all", "x=1"),
                zones.get("a.example").stream().map(Record::value).sorted().toList());
        assertTrue(zones.get("a.example").stream().allMatch(r -> r.type().equals("TXT") && r.name().equals("a.example")));
        assertEquals(List.of(), zones.get("b.example"), "served, without TXT records");
        assertEquals(dns.records("a.example").stream().filter(r -> r.type().equals("TXT")).toList(), zones.get("a.example"),
                "the same records as one zone's answer");
        assertTrue(dns.records(List.of(), "TXT").isEmpty());
    }

    @Test
    void replaceSwapsTheRecordsOfOneNameAndTypeAndLogsIt() {
        dns.replace("a.example", "A.Example", "txt", List.of("v=spf1 include:relay.example -all", "google-site-verification=x"));
        assertEquals(List.of("google-site-verification=x", "v=spf1 include:relay.example -all"),
                of("a.example", "TXT").stream().map(Record::value).sorted().toList());
        assertEquals(1, of("a.example", "MX").size(), "other types of the name are kept");
        var entry = DbActionLog.latest(panel.panel().jdbc(), 1).get(0);
        assertEquals("dns.records.replaced", entry.action());
        assertEquals("a.example", entry.target());
        assertTrue(entry.details().contains("type=TXT") && entry.details().contains("v=spf1 include:relay.example -all"),
                entry.details());
        assertEquals(io.smarthost.panel.host.plugins.PanelPluginManager.HOST_ID, entry.pluginId());

        dns.replace("a.example", "_dmarc.a.example", "TXT", List.of());
        assertTrue(of("_dmarc.a.example", "TXT").isEmpty());
        assertEquals(1, logEntries("dns.records.replaced", "_dmarc.a.example"), "an emptying replace is logged too");
    }

    @Test
    void aFailureHalfwayThroughReplaceLeavesTheZoneAsItWas() {
        List<Record> before = dns.records("a.example");
        assertEquals(1, of("a.example", "TXT").size());
        long logged = logEntries("dns.records.replaced", "a.example");
        // the delete and the first insert succeed; the second value breaks the column's 4000-character limit
        List<String> values = List.of("v=spf1 -all", "x".repeat(4001));
        assertThrows(Jdbc.DataAccessException.class, () -> dns.replace("a.example", "a.example", "TXT", values));
        assertEquals(before, dns.records("a.example"), "the old TXT record is back and the first new one is gone");
        assertEquals(logged, logEntries("dns.records.replaced", "a.example"), "a change that did not happen is not logged");
        // the connection is usable again afterwards
        dns.replace("a.example", "a.example", "TXT", List.of("v=spf1 -all"));
        assertEquals("v=spf1 -all", of("a.example", "TXT").get(0).value());
    }

    @Test
    void rejectedArgumentsChangeNothing() {
        List<Record> before = dns.records("a.example");
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> dns.replace("a.example", "a.example", "SPF", List.of("v=spf1 -all")));
        assertTrue(type.getMessage().startsWith("type: 'SPF' is not supported"), type.getMessage());
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> dns.replace("a.example", "b.example", "TXT", List.of("x")));
        assertTrue(outside.getMessage().contains("not inside the zone a.example"), outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> dns.replace("a.example", "evila.example", "TXT", List.of("x")),
                "a suffix without the dot is another zone");
        assertEquals(before, dns.records("a.example"));
    }

    @Test
    void newZonesGetTheTemplateWithTheirNameFilledIn() {
        dns.replaceInTemplate("_dmarc.<domain>", "TXT", List.of("v=DMARC1; p=none; rua=mailto:dmarc@<domain>"));
        assertEquals(1, logEntries("dns.template.replaced", "_dmarc.<domain>"));
        panel.createDomain("new.example", "alice");

        List<Record> records = dns.records("new.example");
        assertEquals(DbDnsZones.defaultTemplate().size() + 1, records.size(), records.toString());
        assertTrue(records.contains(new Record("www.new.example", "CNAME", "new.example", 3600)), records.toString());
        assertTrue(records.contains(new Record("new.example", "MX", "10 mail.new.example", 3600)), records.toString());
        assertTrue(records.contains(new Record("new.example", "NS", "ns1.new.example", 3600)), records.toString());
        assertTrue(records.contains(new Record("_dmarc.new.example", "TXT", "v=DMARC1; p=none; rua=mailto:dmarc@new.example", 3600)),
                records.toString());
        assertFalse(records.toString().contains("<domain>"), "a placeholder left: " + records);
        assertTrue(dns.records("a.example").stream().noneMatch(r -> r.name().startsWith("_dmarc.")),
                "a template change does not touch existing zones");

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> dns.replaceInTemplate("www.example.com", "A", List.of("192.0.2.1")));
        assertTrue(bad.getMessage().startsWith("name: template names must contain <domain>"), bad.getMessage());
    }

    @Test
    void unknownDomainsAreNotServedAndCannotBeChanged() {
        assertTrue(dns.servesZone("a.example"));
        assertTrue(dns.servesZone("A.EXAMPLE"), "domain names are case-insensitive");
        assertFalse(dns.servesZone("unknown.example"));
        assertFalse(dns.servesZone("sub.a.example"), "a name inside a zone is not a zone");
        assertFalse(dns.servesZone(null));
        assertEquals(List.of(), dns.records("unknown.example"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> dns.replace("unknown.example", "unknown.example", "TXT", List.of("x")));
        assertTrue(e.getMessage().contains("does not serve the zone of unknown.example"), e.getMessage());
        assertEquals(0, logEntries("dns.records.replaced", "unknown.example"));
    }
}
