package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.testing.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server and domain smarthost pages in a real panel (H2, Jersey, the Postfix backend on the
 * sandbox folder under the panel's home), through real HTTP with a session and CSRF token.
 */
class SmarthostPagesTest {
    static final String SERVER = "/plugins/smarthost/server";
    static final String RELAY_USER = "relay-user";
    static final String RELAY_SECRET = "relay-Secret-4711";

    @TempDir
    static Path home;
    static TestPanel panel;
    static TestRelay relay;

    @BeforeAll
    static void start() {
        panel = TestPanel.builder(home).classpathPlugin("smarthost").start();
        panel.createCustomer("alice");
        panel.createCustomer("bob");
        panel.createDomain("alice.example", "alice", "alias.example");
        panel.createDomain("bob.example", "bob");
        relay = TestRelay.start(TestRelay.Mode.PLAIN, Map.of(RELAY_USER, RELAY_SECRET));
    }

    @AfterAll
    static void stop() {
        relay.close();
        panel.close();
    }

    static Map<String, String> serverForm(String host, String port) {
        Map<String, String> f = new HashMap<>();
        f.put("enabled", "on");
        f.put("provider", "custom");
        f.put("host", host);
        f.put("port", port);
        f.put("encryption", "none");
        f.put("verifyCertificateShown", "1");
        f.put("authentication", "on");
        f.put("username", RELAY_USER);
        f.put("password", RELAY_SECRET);
        f.put("action", "save");
        return f;
    }

    static String mainCf() throws Exception {
        return Files.readString(home.resolve("mail-sandbox/postfix/main.cf"));
    }

    @Test
    void adminSeesTheServerFormWithEveryFieldAndTheMenuEntry() {
        PanelClient admin = panel.login("admin");
        HttpReply tools = admin.get("/tools");
        assertTrue(tools.body().contains("href=\"/plugins/smarthost/server\""), "Tools & Settings links the page");
        HttpReply page = admin.get(SERVER);
        assertEquals(200, page.status(), page.toString());
        for (String field : new String[] {"name=\"enabled\"", "name=\"provider\"", "name=\"host\"", "name=\"port\"",
                "name=\"encryption\"", "name=\"verifyCertificate\"", "name=\"authentication\"", "name=\"username\"",
                "type=\"password\" name=\"password\"", "value=\"check\"", "value=\"save\""}) {
            assertTrue(page.body().contains(field), field + " missing");
        }
        assertTrue(page.body().contains("Send users&#39; mail via a smarthost"), "seed's checkbox label");
        assertTrue(page.body().contains("data-spf=\"include:sendgrid.net\""), "presets carry their SPF include");
        assertTrue(page.body().contains("mail forwarding stops working"), "forwarding warning");
        assertTrue(page.body().contains("/plugins/smarthost/assets/smarthost.js"));
    }

    @Test
    void assetsAreServedToLoggedInUsers() {
        PanelClient alice = panel.login("alice");
        HttpReply js = alice.get("/plugins/smarthost/assets/smarthost.js");
        assertEquals(200, js.status());
        assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertEquals(200, alice.get("/plugins/smarthost/assets/smarthost.css").status());
        assertEquals(404, alice.get("/plugins/smarthost/assets/nothing.js").status());
        assertEquals(303, panel.anonymous().get("/plugins/smarthost/assets/smarthost.js").status());
    }

    @Test
    void badPortIsShownNextToItsFieldAndNothingIsWritten() throws Exception {
        PanelClient admin = panel.login("admin");
        admin.get(SERVER);
        String before = mainCf();
        HttpReply reply = admin.post(SERVER, serverForm("[127.0.0.1]", "99999"));
        assertEquals(400, reply.status(), reply.toString());
        assertTrue(reply.body().contains("id=\"err-port\""), "error next to the port field");
        assertTrue(reply.body().contains("Please correct the highlighted field below."), "one field: singular");
        assertFalse(reply.body().contains("field(s)"));
        assertFalse(reply.body().contains(RELAY_SECRET), "the typed password is never echoed");
        assertTrue(reply.body().contains("id=\"password-kept\""), "the typed password is kept for the next post");
        assertEquals(before, mainCf(), "main.cf unchanged");
    }

    @Test
    void checkConnectionRunsAgainstTheUnsavedValuesAndShowsTheSteps() throws Exception {
        PanelClient admin = panel.login("admin");
        admin.get(SERVER);
        String before = mainCf();
        Map<String, String> form = serverForm("[127.0.0.1]", String.valueOf(relay.port()));
        form.put("action", "check");
        HttpReply reply = admin.post(SERVER, form);
        assertEquals(200, reply.status(), reply.toString());
        assertTrue(reply.body().contains("id=\"report\""), "step report shown");
        assertTrue(reply.body().contains("data-step=\"auth\""), "AUTH step present");
        assertTrue(reply.body().contains("Show the SMTP conversation"), "transcript on demand");
        assertTrue(reply.body().contains("id=\"check-not-kept\""), "unsaved values: not kept as the last check");
        assertFalse(reply.body().contains(RELAY_SECRET), "no secret in the report or the form");
        assertEquals(before, mainCf(), "a check saves nothing");
    }

    @Test
    void aCheckOfTheSavedRelayIsKeptAndEachReaderSeesItInTheirLanguage() throws Exception {
        String url = "/plugins/smarthost/domains/bob.example";
        PanelClient admin = panel.login("admin");
        admin.get(url);
        Map<String, String> form = serverForm("[127.0.0.1]", String.valueOf(relay.port()));
        assertEquals(200, admin.post(url, form).status());
        form.put("action", "check");
        HttpReply checked = admin.post(url, form);
        assertEquals(200, checked.status(), checked.toString());
        assertFalse(checked.body().contains("id=\"check-not-kept\""), "the saved values, password typed again: kept");
        assertTrue(checked.body().contains("id=\"last-check\""));

        PanelClient bob = panel.login("bob");
        bob.get(url);
        bob.post("/lang", Map.of("lang", "fr", "next", url));
        HttpReply french = bob.get(url);
        assertTrue(french.body().contains("Réussi avec un avertissement à l’étape « Authentification »"),
                "the admin's check, shown to the customer in French: " + lastCheckLine(french.body()));
        assertTrue(admin.get(url).body().contains("Passed with a warning at &quot;Authentication&quot;"),
                "and to the admin in English: " + lastCheckLine(admin.get(url).body()));
        bob.post("/lang", Map.of("lang", "en", "next", url));
    }

    static String lastCheckLine(String body) {
        int at = body.indexOf("id=\"last-check\"");
        return at < 0 ? "(no last check)" : body.substring(at, Math.min(body.length(), at + 400));
    }

    @Test
    void verifyCertificateIsDisabledAndIgnoredWithoutEncryption() {
        PanelClient admin = panel.login("admin");
        String url = "/plugins/smarthost/domains/bob.example";
        HttpReply empty = admin.get(url);
        assertTrue(verifyBox(empty.body()).contains("checked") && !verifyBox(empty.body()).contains("disabled"),
                "STARTTLS by default: the box is on and may be changed");
        Map<String, String> form = serverForm("[192.0.2.25]", "25");
        form.remove("verifyCertificate");
        HttpReply saved = admin.post(url, form);
        assertEquals(200, saved.status(), saved.toString());
        assertTrue(verifyBox(saved.body()).contains("disabled"), "encryption none: the box is disabled");
        assertTrue(saved.body().contains("Not used without encryption"), "and the help says why");
        var service = io.smarthost.core.service.SmarthostRuntime.service(panel.panel().services("smarthost"));
        assertTrue(service.domain("bob.example").settings().orElseThrow().verifyCertificate(),
                "an unticked box is ignored for none: switching to TLS later still verifies");
        form.put("encryption", "starttls");
        form.put("port", "587");
        HttpReply tls = admin.post(url, form);
        assertEquals(200, tls.status(), tls.toString());
        assertFalse(verifyBox(tls.body()).contains("disabled"));
        assertFalse(service.domain("bob.example").settings().orElseThrow().verifyCertificate(),
                "with TLS the unticked box counts");
        assertEquals(200, admin.post(url, Map.of("action", "remove", "confirm", "yes")).status());
    }

    private static String verifyBox(String body) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<input type=\"checkbox\" name=\"verifyCertificate\"[^>]*>")
                .matcher(body);
        assertTrue(m.find(), "the certificate box is on the page");
        return m.group();
    }

    @Test
    void everyBackendNoteAndProviderHasAFrenchText() {
        var host = panel.panel().services("smarthost");
        CatalogTexts french = new CatalogTexts(host.messages(), java.util.Locale.FRENCH);
        java.util.List<String> notes = new java.util.ArrayList<>();
        notes.addAll(new io.smarthost.postfix.PostfixMailBackend(host).capabilities().notes());
        notes.addAll(new io.smarthost.windows.mailenable.MailEnableBackend(host).capabilities().notes());
        notes.addAll(new io.smarthost.windows.smartermail.SmarterMailBackend(host).capabilities().notes());
        assertEquals(13 + 3 + 2 + 3, notes.size(), "notes of the three backends (+ one SRS note each, + one per Windows backend on per-sender relays, + one backup note each): " + notes);
        for (String note : notes) {
            assertTrue(CatalogTexts.knownNote(note), "a backend note the plugin's bundle does not know (changed text?): " + note);
            assertFalse(french.note(note).equals(note), "no French text for: " + note);
        }
        String verify = notes.stream().filter(n -> n.startsWith("Certificate verification")).findFirst().orElseThrow();
        String caFile = verify.substring(verify.indexOf(" using ") + 7, verify.length() - 1);
        assertTrue(french.note(verify).startsWith("La vérification du certificat") && french.note(verify).contains(caFile),
                "the file path is put back: " + french.note(verify));
        assertEquals("A note no bundle knows.", french.note("A note no bundle knows."), "unknown notes as written");
        for (var provider : io.smarthost.core.provider.ProviderCatalog.builtIn().all()) {
            assertFalse(french.providerHint(provider).equals(provider.usernameHint()), "no French hint for " + provider.id());
        }
    }

    @Test
    void customerMayNotCheckALoopbackRelay() {
        PanelClient alice = panel.login("alice");
        alice.get("/plugins/smarthost/domains/alice.example");
        Map<String, String> form = serverForm("[127.0.0.1]", "587");
        form.put("action", "check");
        HttpReply reply = alice.post("/plugins/smarthost/domains/alice.example", form);
        assertEquals(403, reply.status(), reply.toString());
        assertTrue(reply.body().contains("id=\"form-error\""), reply.body());
    }

    @Test
    void customerSeesOnlyOwnDomainAndNoServerPage() {
        PanelClient alice = panel.login("alice");
        assertEquals(200, alice.get("/plugins/smarthost/domains/alice.example").status());
        assertEquals(200, alice.get("/plugins/smarthost/domains/alias.example").status(), "an alias names its domain");
        assertEquals(404, alice.get("/plugins/smarthost/domains/bob.example").status());
        assertEquals(404, alice.get(SERVER).status());
        HttpReply list = alice.get("/plugins/smarthost/list");
        assertEquals(200, list.status(), "their own Smarthosts list");
        assertFalse(list.body().contains("bob.example"), "with their domains only");
        assertTrue(alice.get("/domains/alice.example").body().contains("/plugins/smarthost/domains/alice.example"),
                "the domain's Mail tab links the page");
    }

    @Test
    void postsWithoutTheCsrfTokenAreRefused() {
        PanelClient admin = panel.login("admin");
        HttpReply reply = admin.postRaw(SERVER, serverForm("[127.0.0.1]", "2525"));
        assertEquals(403, reply.status());
    }

    @Test
    void scriptTypedIntoTextFieldsComesBackEscaped() {
        PanelClient admin = panel.login("admin");
        admin.get(SERVER);
        String xss = "<script>alert('x')</script>";
        Map<String, String> form = serverForm(xss, xss);
        form.put("username", xss);
        form.put("provider", xss);
        form.put("encryption", xss);
        form.put("region", xss);
        HttpReply reply = admin.post(SERVER, form);
        assertEquals(400, reply.status(), reply.toString());
        assertFalse(reply.body().contains("<script>alert"), "raw script tag in the page");
        assertTrue(reply.body().contains("&lt;script&gt;alert"), "escaped value shown back");
        PanelClient alice = panel.login("alice");
        alice.get("/plugins/smarthost/domains/alice.example");
        HttpReply mail = alice.post("/plugins/smarthost/domains/alice.example/test-mail", Map.of("from", xss, "to", xss));
        assertFalse(mail.body().contains("<script>alert"));
        HttpReply spf = alice.post("/plugins/smarthost/domains/alice.example/spf", Map.of("action", "apply", "include", xss));
        assertFalse(spf.body().contains("<script>alert"));
        HttpReply list = admin.get("/plugins/smarthost/list?q=" + java.net.URLEncoder.encode(xss, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, list.status());
        assertFalse(list.body().contains("<script>alert"));
    }

    @Test
    void frenchPageAfterSwitchingLanguage() {
        PanelClient admin = panel.login("admin");
        admin.get(SERVER);
        admin.post("/lang", Map.of("lang", "fr", "next", SERVER));
        HttpReply page = admin.get(SERVER);
        assertTrue(page.body().contains("Envoyer les mails des utilisateurs via un hôte intelligent"), "French label");
        assertTrue(page.body().contains("Vérifier la connexion"));
        assertTrue(page.body().contains("Les avis de non-remise (expéditeur vide)"), "Postfix's notes in French");
        assertFalse(page.body().contains("Bounces (empty sender)"), "no English note left");
        assertTrue(page.body().contains("data-hint=\"apikey (ce mot tel quel)"), "provider username hints in French");
        assertTrue(page.body().contains(">Relais SMTP Google Workspace<"), "provider names where they translate");
        assertFalse(page.body().contains("the literal word"));
        admin.post("/lang", Map.of("lang", "en", "next", SERVER));
        HttpReply english = admin.get(SERVER);
        assertTrue(english.body().contains("Bounces (empty sender) use the server-wide relay"), "English from the backend");
        assertTrue(english.body().contains("data-hint=\"apikey (the literal word)"), "English from the catalogue");
    }
}
