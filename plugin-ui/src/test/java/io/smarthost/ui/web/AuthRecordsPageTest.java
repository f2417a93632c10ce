package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.spf.TestDnsServer;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.ui.testing.PanelWithDns;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The domain-authentication records page and the domain page's card, in a real panel, for the owner and another customer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthRecordsPageTest {
    static final String PAGE = "/plugins/smarthost/domains/alice.example/auth-records";

    PanelWithDns fixture;
    TestDnsServer dns;
    TestPanel panel;
    PanelClient alice;
    PanelClient bob;

    @BeforeAll
    void start(@TempDir Path home) throws Exception {
        fixture = PanelWithDns.start(home);
        dns = fixture.dns;
        panel = fixture.panel;
        alice = panel.login("alice");
        bob = panel.login("bob");
    }

    @AfterAll
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void theOwnerPastesChecksAndAppliesAndSeesEachStepInTheirLanguage() {
        HttpReply empty = alice.get(PAGE);
        assertEquals(200, empty.status(), empty.body());
        assertTrue(empty.body().contains("id=\"authrec-none\""), "no records yet");

        HttpReply bad = alice.post(PAGE, Map.of("action", "save", "provider", "brevo",
                "paste", "brevo1._domainkey CNAME b1.alice-example.dkim.brevo.com\n<b>not</b> a record"));
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("Line 2: no record type (CNAME or TXT) found in &quot;&lt;b&gt;not&lt;/b&gt; a record&quot;"),
                "the problem names its line, and what was pasted is escaped: " + around(bad.body(), "err-authrec-paste\""));
        assertFalse(bad.body().contains("<b>not</b>"));
        assertTrue(bad.body().contains("aria-invalid=\"true\" aria-describedby=\"err-authrec-paste"), "the error is tied to the field");

        HttpReply saved = alice.post(PAGE, Map.of("action", "save", "provider", "brevo", "paste",
                "brevo1._domainkey CNAME b1.alice-example.dkim.brevo.com\n_dmarc TXT v=DMARC1; p=none\n"));
        assertEquals(200, saved.status(), saved.body());
        assertTrue(saved.body().contains("id=\"notice\""));
        assertTrue(saved.body().contains("<code>brevo1._domainkey.alice.example</code>"));
        assertTrue(saved.body().contains("Brevo asks for records of type CNAME, TXT."), "the catalogue's types for the preset");

        dns.cname("brevo1._domainkey.alice.example", "b1.alice-example.dkim.brevo.com");
        HttpReply checked = alice.post(PAGE, Map.of("action", "check"));
        assertEquals(200, checked.status());
        assertTrue(checked.body().contains("data-state=\"FOUND\""), "brevo1 is published");
        assertTrue(checked.body().contains("data-state=\"MISSING\""), "_dmarc is not");

        HttpReply applied = alice.post(PAGE, Map.of("action", "apply"));
        assertEquals(200, applied.status());
        assertTrue(applied.body().contains("data-result=\"APPLIED\""), applied.body());
        assertTrue(alice.get(PAGE).body().contains("data-state=\"IN_ZONE\""));

        HttpReply added = alice.post(PAGE, Map.of("action", "add", "addName", "", "addType", "TXT", "addValue", "brevo-code:1"));
        assertEquals(400, added.status());
        assertTrue(added.body().contains("id=\"err-addName\""), "the missing name is tied to its field");

        HttpReply card = alice.get("/plugins/smarthost/domains/alice.example");
        assertTrue(card.body().contains("id=\"authrec-card\"") && card.body().contains("href=\"" + PAGE + "\""), "the domain page links here");

        PanelClient fr = panel.login("alice");
        fr.post("/lang", Map.of("lang", "fr", "next", "/"));
        String french = fr.get(PAGE).body();
        assertTrue(french.contains("lang=\"fr\""), "the page in French");
        assertTrue(french.contains("Enregistrements d’authentification du domaine"), french);
        assertTrue(french.contains("Dans la zone de ce panneau"), "the zone state in French (from the core's bundle)");
    }

    private static String around(String body, String marker) {
        int at = Math.max(0, body.indexOf(marker));
        return body.substring(at, Math.min(body.length(), at + 400));
    }

    @Test
    void anotherCustomerGets404OnThePageAndItsActions() {
        assertEquals(404, bob.get(PAGE).status());
        assertEquals(404, bob.post(PAGE, Map.of("action", "save", "paste", "")).status());
        assertEquals(404, bob.post(PAGE, Map.of("action", "apply")).status());
        assertEquals(200, bob.get("/plugins/smarthost/domains/bob.example/auth-records").status());
    }
}
