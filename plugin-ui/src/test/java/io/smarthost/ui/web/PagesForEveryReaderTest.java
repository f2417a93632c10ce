package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.testing.TestRelay;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 through real HTTP in a real panel: customers see their world only (no server relay's host, their
 * own Smarthosts list), who may use domain relays (per customer, default from panel.ini, 404 when denied),
 * a confirmation before "Use the server-wide settings" deletes anything, the test mail's errors beside
 * their fields, one sort control, one forwarding warning, the 404 page in the reader's language, and the
 * SPF removal offer whenever a zone still holds an include no relay needs.
 */
class PagesForEveryReaderTest {
    static final String ALICE = "/plugins/smarthost/domains/alice.example";
    static final String LIST = "/plugins/smarthost/list";

    @TempDir
    static Path home;
    static TestPanel panel;
    static TestRelay relay;

    @BeforeAll
    static void start() {
        panel = TestPanel.builder(home).ini("""
                [mail]
                smarthost.spf.resolver = 127.0.0.1:9
                smarthost.spf.timeout_ms = 200
                """).classpathPlugin("smarthost").start();
        panel.createCustomer("alice");
        panel.createCustomer("bob");
        panel.createDomain("alice.example", "alice");
        panel.createDomain("alice2.example", "alice");
        panel.createDomain("bob.example", "bob");
        relay = TestRelay.start(TestRelay.Mode.PLAIN, Map.of("relay-user", "relay-Secret-4711"));
        PanelClient admin = panel.login("admin");
        admin.get(SmarthostPagesTest.SERVER);
        assertEquals(200, admin.post(SmarthostPagesTest.SERVER, SmarthostPagesTest.serverForm("127.0.0.1", String.valueOf(relay.port()))).status());
    }

    @AfterAll
    static void stop() {
        relay.close();
        panel.close();
    }

    @Test
    void aCustomerDomainFollowingTheServerRelayIsNotToldTheServerRelaysHostAndPort() {
        PanelClient alice = panel.login("alice");
        HttpReply page = alice.get(ALICE);
        assertEquals(200, page.status());
        assertTrue(page.body().contains("id=\"level\""), "the level is named");
        assertFalse(page.body().contains("id=\"effective-relay\""), "no host and port of the server's relay");
        assertFalse(page.body().contains(":" + relay.port()), "the port appears nowhere");
        PanelClient admin = panel.login("admin");
        assertTrue(admin.get(ALICE).body().contains("id=\"effective-relay\""), "the admin sees it");
    }

    @Test
    void useTheServerWideSettingsAsksBeforeDeletingAndDeletesOnlyOnceConfirmed() {
        PanelClient alice = panel.login("alice");
        alice.get(ALICE);
        assertEquals(200, alice.post(ALICE, domainForm("relay.alice.example")).status());
        HttpReply asked = alice.post(ALICE, Map.of("action", "remove"));
        assertEquals(200, asked.status());
        assertTrue(asked.body().contains("id=\"confirm-remove\""), asked.body());
        assertTrue(asked.body().contains("name=\"confirm\" value=\"yes\""));
        assertTrue(asked.body().contains("server-wide smarthost"), "says where the mail will go");
        assertTrue(alice.get(LIST).body().contains("data-domain=\"alice.example\""), "nothing deleted yet");
        HttpReply removed = alice.post(ALICE, Map.of("action", "remove", "confirm", "yes"));
        assertTrue(removed.body().contains("id=\"removed\""), removed.body());
        assertFalse(alice.get(LIST).body().contains("data-domain=\"alice.example\""), "deleted once confirmed");
    }

    @Test
    void aCustomersSmarthostsListShowsTheirDomainsOnlyAndTheAdminsEveryDomain() {
        PanelClient alice = panel.login("alice");
        alice.get("/plugins/smarthost/domains/alice2.example");
        assertEquals(200, alice.post("/plugins/smarthost/domains/alice2.example", domainForm("relay.alice2.example")).status());
        PanelClient bob = panel.login("bob");
        bob.get("/plugins/smarthost/domains/bob.example");
        assertEquals(200, bob.post("/plugins/smarthost/domains/bob.example", domainForm("relay.bob.example")).status());

        HttpReply mine = alice.get(LIST);
        assertEquals(200, mine.status(), mine.toString());
        assertTrue(mine.body().contains("data-domain=\"alice2.example\""));
        assertFalse(mine.body().contains("bob.example"), "another customer's domain is not listed");
        assertTrue(mine.body().contains("of your domains has settings of its own"), mine.body());
        assertTrue(alice.get("/").body().contains("href=\"" + LIST + "\""), "in the customer's menu");
        HttpReply all = panel.login("admin").get(LIST);
        assertTrue(all.body().contains("data-domain=\"alice2.example\"") && all.body().contains("data-domain=\"bob.example\""));
        assertFalse(all.body().contains("<select name=\"dir\""), "one sort control: the column headers");
        assertTrue(all.body().contains("id=\"sort-relay\""));
    }

    @Test
    void theAdminDeniesAndAllowsDomainRelaysPerCustomerAndEveryRouteFollows() {
        PanelClient bob = panel.login("bob");
        assertEquals(200, bob.get("/plugins/smarthost/domains/bob.example").status());
        TestPanel.CliRun denied = panel.cli("user", "--update", "bob", "-smarthost-domains", "false");
        assertEquals(0, denied.exitCode(), denied.err());
        assertTrue(denied.out().contains("bob: smarthost-domains denied"), denied.out());
        assertEquals(404, bob.get("/plugins/smarthost/domains/bob.example").status(), "the page is gone");
        assertEquals(404, bob.get(LIST).status(), "so is the list");
        assertFalse(bob.get("/").body().contains(LIST), "and the menu item");
        assertFalse(bob.get("/domains/bob.example").body().contains("/plugins/smarthost/domains/bob.example"), "and the tab");
        String key = panel.apiKey("bob");
        assertEquals(404, panel.api(key).get("/api/v2/plugins/smarthost/domains/bob.example").status(), "and the API route");
        assertEquals(200, panel.login("alice").get(ALICE).status(), "another customer keeps it");
        assertEquals(200, panel.login("admin").get("/plugins/smarthost/domains/bob.example").status(), "admins keep it");

        assertEquals(0, panel.cli("user", "--update", "bob", "-smarthost-domains", "true").exitCode());
        assertEquals(200, bob.get("/plugins/smarthost/domains/bob.example").status(), "allowed again");

        TestPanel.CliRun bad = panel.cli("user", "--update", "bob", "-smarthost-domains", "maybe");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("-smarthost-domains must be true or false (the word given is neither; it is not repeated)"), bad.err());
        TestPanel.CliRun admin = panel.cli("user", "--update", "admin", "-smarthost-domains", "false");
        assertEquals(2, admin.exitCode());
        assertTrue(admin.err().contains("permissions are for customers"), admin.err());
        assertTrue(panel.cli("user", "--help").out().contains("-smarthost-domains true|false"), "listed in the help");
    }

    @Test
    void theAdminAllowsAndDeniesOnToolsAndSettingsToo() {
        PanelClient admin = panel.login("admin");
        HttpReply tools = admin.get("/tools");
        assertTrue(tools.body().contains("id=\"permissions\""), "a Customers card");
        assertTrue(tools.body().contains("name=\"smarthost-domains\" form=\"permissions-alice\""), tools.body());
        assertTrue(tools.body().contains("Smarthost for their domains"), "the plugin's own words for it");
        HttpReply denied = admin.post("/tools/permissions", Map.of("login", "alice", "shown", "smarthost-domains"));
        assertEquals(303, denied.status(), denied.toString());
        PanelClient alice = panel.login("alice");
        assertEquals(404, alice.get(ALICE).status(), "an unticked box denies");
        assertEquals(303, admin.post("/tools/permissions", Map.of("login", "alice", "shown", "smarthost-domains",
                "smarthost-domains", "on")).status());
        assertEquals(200, alice.get(ALICE).status(), "a ticked box allows");
        assertEquals(400, admin.post("/tools/permissions", Map.of("login", "admin", "shown", "smarthost-domains")).status(),
                "administrators have no permissions to set");
        assertEquals(404, alice.post("/tools/permissions", Map.of("login", "alice", "shown", "smarthost-domains",
                "smarthost-domains", "on")).status(), "customers cannot allow themselves");
    }

    @Test
    void theDefaultComesFromPanelIniAndAnExplicitChoiceWins(@TempDir Path other) {
        try (TestPanel strict = TestPanel.builder(other).ini("[mail]\nsmarthost.domain.customers = false\n")
                .classpathPlugin("smarthost").start()) {
            strict.createCustomer("carol");
            strict.createCustomer("dave");
            strict.createDomain("carol.example", "carol");
            strict.createDomain("dave.example", "dave");
            assertEquals(404, strict.login("carol").get("/plugins/smarthost/domains/carol.example").status(), "denied by default");
            assertEquals(0, strict.cli("user", "--update", "dave", "-smarthost-domains", "true").exitCode());
            assertEquals(200, strict.login("dave").get("/plugins/smarthost/domains/dave.example").status(), "allowed one by one");
        }
    }

    @Test
    void theTestMailSaysWhichAddressIsWrongBesideItsField() {
        PanelClient admin = panel.login("admin");
        admin.get(SmarthostPagesTest.SERVER);
        HttpReply both = admin.post(SmarthostPagesTest.SERVER + "/test-mail", Map.of("from", "", "to", "not an address"));
        assertEquals(400, both.status());
        assertTrue(both.body().contains("id=\"err-test-from\""), "the From field's own error");
        assertTrue(both.body().contains("id=\"err-test-to\""), "and the To field's");
        assertTrue(both.body().contains("aria-describedby=\"err-test-from test-from-help\""), "tied to the field");
        assertTrue(both.body().contains("Correct the 2 addresses marked below"), both.body());
        assertFalse(both.body().contains("placeholder=\"postmaster@example.com\""), "no placeholder that looks like a default");
    }

    @Test
    void oneForwardingWarningAndTheFieldsGroupedUnderTheMainBox() {
        PanelClient admin = panel.login("admin");
        HttpReply page = admin.get(SmarthostPagesTest.SERVER);
        assertTrue(page.body().contains("<fieldset class=\"sh-fields\" id=\"relay-fields\">"));
        assertTrue(page.body().contains("aria-controls=\"relay-fields\""));
        Map<String, String> sendgrid = new HashMap<>(domainForm("smtp.sendgrid.net"));
        sendgrid.put("provider", "sendgrid");
        sendgrid.put("action", "check");
        alicePageWith(sendgrid);
    }

    private static void alicePageWith(Map<String, String> form) {
        PanelClient alice = panel.login("alice");
        alice.get("/plugins/smarthost/domains/alice2.example");
        HttpReply page = alice.post("/plugins/smarthost/domains/alice2.example", form);
        String body = page.body();
        assertTrue(body.contains("id=\"provider-forwarding\" >") || body.contains("id=\"provider-forwarding\">"), "the provider's warning shown");
        assertTrue(body.contains("id=\"forwarding-note\" hidden"), "the general one hidden: one warning");
    }

    @Test
    void theNotFoundPageIsInTheReadersLanguage() {
        PanelClient alice = panel.login("alice");
        alice.post("/lang", Map.of("lang", "fr", "next", "/"));
        HttpReply missing = alice.get("/no/such/page");
        assertEquals(404, missing.status());
        assertTrue(missing.body().contains("lang=\"fr\""), missing.body());
        assertTrue(missing.body().contains("Page introuvable"), missing.body());
        HttpReply hidden = alice.get("/plugins/smarthost/server");
        assertEquals(404, hidden.status());
        assertTrue(hidden.body().contains("Page introuvable"), "a route the customer may not see, too");
        alice.post("/lang", Map.of("lang", "en", "next", "/"));
    }

    @Test
    void theSpfRemovalOfferStaysWhileTheZoneHoldsAnIncludeNoRelayNeeds() {
        panel.panel().dns().replace("bob.example", "bob.example", "TXT", List.of("v=spf1 a mx include:mailgun.org ~all"));
        PanelClient bob = panel.login("bob");
        HttpReply page = bob.get("/plugins/smarthost/domains/bob.example");
        assertTrue(page.body().contains("id=\"spf-remove-notice\""), "offered on a plain visit, not only after a save");
        assertTrue(page.body().contains("name=\"include\" value=\"mailgun.org\""), page.body());
        assertTrue(bob.get("/plugins/smarthost/domains/bob.example?spf=check").body().contains("id=\"spf-remove-notice\""),
                "and after any other action");
        HttpReply removed = bob.post("/plugins/smarthost/domains/bob.example/spf", Map.of("action", "remove", "include", "mailgun.org"));
        assertTrue(removed.body().contains("data-result=\"APPLIED\""), removed.body());
        assertFalse(bob.get("/plugins/smarthost/domains/bob.example").body().contains("id=\"spf-remove-notice\""), "gone once removed");
    }

    static Map<String, String> domainForm(String host) {
        Map<String, String> f = new HashMap<>();
        f.put("enabled", "on");
        f.put("provider", "custom");
        f.put("host", host);
        f.put("port", "587");
        f.put("encryption", "starttls");
        f.put("verifyCertificateShown", "1");
        f.put("verifyCertificate", "on");
        f.put("action", "save");
        return f;
    }
}
