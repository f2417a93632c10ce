package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.services.DnsZones;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9, "disabling a relay offers to remove the include": after a save that turns the relay off, the
 * page names the include the SPF record still authorises and a button takes it out of the panel's zone
 * (the host's real {@link DnsZones}), for one domain and for the server-wide relay with the DNS template.
 */
class SpfRemovalPageTest {
    static final String INI = """
            [mail]
            smarthost.spf.resolver = 127.0.0.1:9
            smarthost.spf.timeout_ms = 200
            """;
    static final String CAROL = "/plugins/smarthost/domains/carol.example";

    @TempDir
    Path home;

    @Test
    void disablingASendGridDomainRelayOffersToRemoveTheIncludeAndRemovesIt() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).ini(INI).classpathPlugin("smarthost").start()) {
            panel.createCustomer("carol");
            panel.createDomain("carol.example", "carol");
            DnsZones dns = panel.panel().dns();
            dns.replace("carol.example", "carol.example", "TXT", List.of("v=spf1 a mx include:sendgrid.net ~all", "google-site=abc"));
            PanelClient carol = panel.login("carol");
            assertEquals(200, carol.post(CAROL, sendGrid(true)).status());

            HttpReply on = carol.post(CAROL, sendGrid(true));
            assertFalse(on.body().contains("id=\"spf-remove-notice\""), "no offer while the relay still needs it");
            HttpReply stillNeeded = carol.post(CAROL + "/spf", Map.of("action", "remove", "include", "sendgrid.net"));
            assertTrue(stillNeeded.body().contains("include:sendgrid.net is still needed"), stillNeeded.body());
            assertEquals(List.of("v=spf1 a mx include:sendgrid.net ~all"), ZoneSpf.records(dns, "carol.example"));

            HttpReply off = carol.post(CAROL, sendGrid(false));
            assertEquals(200, off.status(), off.toString());
            assertTrue(off.body().contains("id=\"spf-remove-notice\""), off.body());
            assertTrue(off.body().contains("The SPF record of carol.example still authorises include:sendgrid.net. Remove it?"));
            assertTrue(off.body().contains("name=\"include\" value=\"sendgrid.net\""));

            assertEquals(403, carol.postRaw(CAROL + "/spf", Map.of("action", "remove", "include", "sendgrid.net")).status(),
                    "the button's post needs the CSRF token");
            assertEquals(404, otherCustomer(panel).post(CAROL + "/spf", Map.of("action", "remove", "include", "sendgrid.net")).status(),
                    "another customer cannot remove it");
            assertEquals(List.of("v=spf1 a mx include:sendgrid.net ~all"), ZoneSpf.records(dns, "carol.example"));

            HttpReply removed = carol.post(CAROL + "/spf", Map.of("action", "remove", "include", "sendgrid.net"));
            assertEquals(200, removed.status(), removed.toString());
            assertTrue(removed.body().contains("data-result=\"APPLIED\""), removed.body());
            assertTrue(removed.body().contains("id=\"spf-removed\""));
            assertEquals(List.of("v=spf1 a mx ~all"), ZoneSpf.records(dns, "carol.example"));
            assertTrue(dns.records("carol.example").stream().anyMatch(r -> r.value().equals("google-site=abc")),
                    "other TXT records kept");
            assertFalse(carol.post(CAROL, sendGrid(false)).body().contains("id=\"spf-remove-notice\""),
                    "nothing left to offer");

            HttpReply again = carol.post(CAROL + "/spf", Map.of("action", "remove", "include", "sendgrid.net"));
            assertTrue(again.body().contains("data-result=\"UNCHANGED\""), again.body());
        }
    }

    @Test
    void removingTheDomainsOwnSettingsOffersItInFrench() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).ini(INI).classpathPlugin("smarthost").start()) {
            panel.createCustomer("carol");
            panel.createDomain("carol.example", "carol");
            panel.panel().dns().replace("carol.example", "carol.example", "TXT", List.of("v=spf1 include:sendgrid.net ~all"));
            PanelClient carol = panel.login("carol");
            carol.post("/lang", Map.of("lang", "fr", "next", CAROL));
            assertEquals(200, carol.post(CAROL, sendGrid(true)).status());
            HttpReply removed = carol.post(CAROL, Map.of("action", "remove", "confirm", "yes"));
            assertTrue(removed.body().contains("L’enregistrement SPF de carol.example autorise toujours include:sendgrid.net")
                    || removed.body().contains("L&#39;enregistrement SPF de carol.example autorise toujours include:sendgrid.net"),
                    removed.body());
            HttpReply gone = carol.post(CAROL + "/spf", Map.of("action", "remove", "include", "sendgrid.net"));
            assertTrue(gone.body().contains("data-result=\"APPLIED\""), gone.body());
            assertEquals(List.of(), ZoneSpf.records(panel.panel().dns(), "carol.example"),
                    "a record holding nothing but the include goes");
        }
    }

    @Test
    void disablingTheServerRelayOffersTheDomainsThatFollowedItAndTheTemplate() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).ini(INI).classpathPlugin("smarthost").start()) {
            panel.createCustomer("carol");
            panel.createDomain("carol.example", "carol");
            panel.createDomain("dave.example", "carol");
            panel.createDomain("own.example", "carol");
            DnsZones dns = panel.panel().dns();
            for (String d : List.of("carol.example", "own.example")) {
                dns.replace(d, d, "TXT", List.of("v=spf1 mx include:sendgrid.net -all"));
            }
            dns.replaceInTemplate("<domain>", "TXT", List.of("v=spf1 a mx include:sendgrid.net -all"));
            PanelClient admin = panel.login("admin");
            assertEquals(200, admin.post("/plugins/smarthost/domains/own.example", sendGrid(true)).status(),
                    "own.example has a SendGrid relay of its own");
            assertEquals(200, admin.post(SmarthostPagesTest.SERVER, sendGrid(true)).status());

            HttpReply off = admin.post(SmarthostPagesTest.SERVER, sendGrid(false));
            assertEquals(200, off.status(), off.toString());
            assertTrue(off.body().contains("The SPF record of carol.example still authorises include:sendgrid.net. Remove it?"
                    + " The DNS template for new domains too."), off.body());

            HttpReply removed = admin.post(SmarthostPagesTest.SERVER + "/spf", Map.of("action", "remove", "include", "sendgrid.net"));
            assertEquals(200, removed.status());
            assertEquals(List.of("v=spf1 mx -all"), ZoneSpf.records(dns, "carol.example"));
            assertEquals(List.of("v=spf1 mx include:sendgrid.net -all"), ZoneSpf.records(dns, "own.example"),
                    "a domain on its own SendGrid relay keeps the include");
            assertTrue(dns.template().stream().anyMatch(r -> r.value().equals("v=spf1 a mx -all")), dns.template().toString());
            assertTrue(removed.body().contains("DNS template"), "the template's outcome is shown");
        }
    }

    private static PanelClient otherCustomer(TestPanel panel) {
        panel.createCustomer("mallory");
        return panel.login("mallory");
    }

    static Map<String, String> sendGrid(boolean enabled) {
        Map<String, String> form = new HashMap<>();
        if (enabled) {
            form.put("enabled", "on");
        }
        form.put("provider", "sendgrid");
        form.put("host", "smtp.sendgrid.net");
        form.put("port", "587");
        form.put("encryption", "starttls");
        form.put("authentication", "on");
        form.put("username", "apikey");
        form.put("password", "SG.secret-key");
        form.put("action", "save");
        return form;
    }
}
