package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.maincf.MainCf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving through the pages in a fresh panel each: the take-over of a relay written by hand, the server
 * relay written to the sandbox main.cf, a customer's domain relay in the Smarthosts list, and the
 * visibility switches of panel.ini and restricted mode on every page.
 */
class SmarthostSaveFlowTest {
    static final String SERVER = SmarthostPagesTest.SERVER;

    @TempDir
    Path home;

    private Path mainCf() {
        return home.resolve("mail-sandbox/postfix/main.cf");
    }

    @Test
    void enableOverAManualRelayShowsThePreviewAndNeedsTheConfirmation() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            Files.writeString(mainCf(), Files.readString(mainCf()).replace("\nrelayhost = \n", "\n# written by hand\nrelayhost = [10.9.8.7]:2525\n"));
            assertTrue(Files.readString(mainCf()).contains("relayhost = [10.9.8.7]:2525"), "test set-up: relayhost line replaced");
            PanelClient admin = panel.login("admin");
            HttpReply page = admin.get(SERVER);
            assertTrue(page.body().contains("id=\"manual\""), "manual configuration announced");
            assertTrue(page.body().contains("[10.9.8.7]:2525"));
            Map<String, String> form = SmarthostPagesTest.serverForm("[127.0.0.1]", "2525");
            HttpReply refused = admin.post(SERVER, form);
            assertEquals(409, refused.status(), refused.toString());
            assertTrue(refused.body().contains("id=\"preview\""), "side-by-side preview");
            assertTrue(refused.body().contains("id=\"err-takeOver\""), "the confirmation is asked next to its box");
            assertTrue(Files.readString(mainCf()).contains("relayhost = [10.9.8.7]:2525"), "nothing written yet");
            String token = token(refused.body());
            form.remove("password");
            form.put("secretToken", token);
            form.put("takeOver", "on");
            HttpReply saved = admin.post(SERVER, form);
            assertEquals(200, saved.status(), saved.toString());
            assertTrue(saved.body().contains("id=\"saved\""));
            assertTrue(saved.body().contains("id=\"reminders\""), "the seed's next steps");
            assertTrue(saved.body().contains("id=\"password-stored\""), "the kept password was saved");
            String cf = Files.readString(mainCf());
            assertTrue(cf.contains("relayhost = [127.0.0.1]:2525"), cf);
            assertTrue(cf.contains(MainCf.SAVED + "relayhost = [10.9.8.7]:2525\nrelayhost = [127.0.0.1]:2525\n"),
                    "manual relay taken over, kept aside where it was: " + cf);
            assertFalse(saved.body().contains(SmarthostPagesTest.RELAY_SECRET));
            assertFalse(admin.get(SERVER).body().contains("id=\"manual\""), "taken over: nothing written by hand is announced");
        }
    }

    @Test
    void customerSetsADomainRelayThatTheAdminSeesInTheList() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            panel.createCustomer("carol");
            panel.createDomain("carol.example", "carol");
            PanelClient carol = panel.login("carol");
            String url = "/plugins/smarthost/domains/carol.example";
            HttpReply before = carol.get(url);
            assertTrue(before.body().contains("id=\"level\""), "which relay applies is shown");
            Map<String, String> form = new HashMap<>();
            form.put("enabled", "on");
            form.put("provider", "sendgrid");
            form.put("encryption", "");
            form.put("authentication", "on");
            form.put("password", "SG.secret-key");
            form.put("action", "save");

            PanelClient admin = panel.login("admin");
            HttpReply empty = admin.get("/plugins/smarthost/list");
            assertTrue(empty.body().contains("id=\"empty\""), "empty state before any domain relay");
            assertTrue(empty.body().contains("href=\"/plugins/smarthost/server\" id=\"empty-server\""), "links the server page");
            assertTrue(empty.body().contains("href=\"/plugins/smarthost/domains/carol.example\" id=\"empty-domain\""),
                    "links a domain's page");
            assertFalse(empty.body().contains("id=\"filter\""), "no filter over nothing");

            HttpReply saved = carol.post(url, form);
            assertEquals(200, saved.status(), saved.toString());
            assertTrue(saved.body().contains("smtp.sendgrid.net"), "the preset filled the host without JavaScript");
            assertTrue(saved.body().contains("value=\"apikey\""), "and the fixed user name");
            assertTrue(saved.body().contains("include:sendgrid.net"), "SPF panel names the include");
            assertTrue(Files.readString(home.resolve("mail-sandbox/postfix/smarthost/sender_relay")).contains("@carol.example"));

            HttpReply list = admin.get("/plugins/smarthost/list");
            assertEquals(200, list.status());
            assertTrue(list.body().contains("aria-sort=\"ascending\""), "the sorted column says so");
            assertTrue(list.body().contains("▲"), "with a visible arrow");
            assertTrue(list.body().contains("data-domain=\"carol.example\""), list.body());
            assertTrue(list.body().contains("apikey"));
            assertTrue(list.body().contains("1 domain with settings of its own"), "singular count");
            assertTrue(list.body().contains("/plugins/smarthost/domains/carol.example"));
            assertTrue(admin.get("/").body().contains("/plugins/smarthost/list"), "Mail > Smarthosts in the menu");
            HttpReply none = admin.get("/plugins/smarthost/list?q=nomatch");
            assertFalse(none.body().contains("data-domain="));
            assertTrue(none.body().contains("id=\"show-all\""), "a way back from a filter that matches nothing");

            HttpReply removed = carol.post(url, Map.of("action", "remove", "confirm", "yes"));
            assertEquals(200, removed.status());
            assertTrue(removed.body().contains("id=\"removed\""));
            assertFalse(admin.get("/plugins/smarthost/list").body().contains("data-domain=\"carol.example\""));
        }
    }

    @Test
    void listPagesAndSortsManyDomains() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            var service = io.smarthost.core.service.SmarthostRuntime.service(panel.panel().services("smarthost"));
            java.util.List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String name = String.format("d%02d.example", i);
                panel.createDomain(name, "admin");
                names.add(name);
            }
            service.bulkUpdate(names, io.smarthost.core.validation.RelayInput.builder().host("[192.0.2.10]").port("2525")
                    .encryption("none").build(), io.smarthost.core.service.Confirm.NONE);
            PanelClient admin = panel.login("admin");
            HttpReply first = admin.get("/plugins/smarthost/list");
            assertTrue(first.body().contains("data-domain=\"d00.example\"") && !first.body().contains("data-domain=\"d25.example\""));
            assertTrue(first.body().contains("Page 1 of 3"));
            assertTrue(first.body().contains("60 domains with settings of their own"), "plural count");
            HttpReply last = admin.get("/plugins/smarthost/list?page=3");
            assertTrue(last.body().contains("data-domain=\"d59.example\""));
            for (String past : java.util.List.of("4", "2147483647")) {
                HttpReply beyond = admin.get("/plugins/smarthost/list?page=" + past);
                assertTrue(beyond.body().contains("data-domain=\"d59.example\"") && beyond.body().contains("Page 3 of 3")
                        && !beyond.body().contains("data-domain=\"d49.example\""), "a page past the end shows the last one: " + past);
            }
            HttpReply pastByRelay = admin.get("/plugins/smarthost/list?sort=relay&page=9");
            assertTrue(pastByRelay.body().contains("data-domain=\"d59.example\"") && pastByRelay.body().contains("Page 3 of 3"));
            HttpReply desc = admin.get("/plugins/smarthost/list?dir=desc");
            assertTrue(desc.body().contains("aria-sort=\"descending\"") && desc.body().contains("▼"));
            assertTrue(desc.body().indexOf("d59.example") < desc.body().indexOf("d58.example") && !desc.body().contains("d00.example"));
            HttpReply byRelay = admin.get("/plugins/smarthost/list?sort=relay&dir=desc&page=2");
            assertTrue(byRelay.body().contains("data-domain=\"d25.example\"") && byRelay.body().contains("data-domain=\"d49.example\"")
                    && !byRelay.body().contains("data-domain=\"d24.example\"") && !byRelay.body().contains("data-domain=\"d50.example\""),
                    "one relay for all: ties by name, so page 2 is rows 26-50 in name order");
            assertTrue(byRelay.body().contains("sort=relay&amp;dir=desc&amp;size=25&amp;page=3\">"), "the pager keeps the column");
            assertTrue(byRelay.body().contains("sort=relay&amp;dir=desc&amp;size=25&amp;page=1\">"));
            HttpReply filtered = admin.get("/plugins/smarthost/list?q=d1&size=50");
            assertTrue(filtered.body().contains("d19.example") && !filtered.body().contains("d20.example"));
            assertTrue(filtered.body().contains("10 matching domains (of 60)"), "count of a filtered list");
            assertTrue(admin.get("/plugins/smarthost/list?q=d59").body().contains("1 matching domain (of 60)"));
        }
    }

    @Test
    void panelIniSwitchesAndRestrictedModeHideEveryPage() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            panel.createCustomer("dave");
            panel.createDomain("dave.example", "dave");
            PanelClient admin = panel.login("admin");
            PanelClient dave = panel.login("dave");
            String domainUrl = "/plugins/smarthost/domains/dave.example";
            Path ini = home.resolve("panel.ini");
            String original = Files.readString(ini);

            writeIni(panel, original + "\n[mail]\nsmarthost.server.enabled = false\n");
            assertEquals(404, admin.get(SERVER).status());
            assertEquals(404, admin.post(SERVER, SmarthostPagesTest.serverForm("[127.0.0.1]", "25")).status());
            assertEquals(404, admin.post(SERVER + "/test-mail", Map.of("from", "a@b.example", "to", "c@d.example")).status());
            assertEquals(404, admin.post(SERVER + "/spf", Map.of("action", "template")).status());
            assertFalse(admin.get("/tools").body().contains("/plugins/smarthost/server"), "menu entry hidden");
            assertEquals(200, admin.get(domainUrl).status(), "domain level still on");
            assertEquals(200, admin.get("/plugins/smarthost/list").status());

            writeIni(panel, original + "\n[mail]\nsmarthost.domain.enabled = false\n");
            assertEquals(200, admin.get(SERVER).status());
            for (PanelClient who : new PanelClient[] {admin, dave}) {
                assertEquals(404, who.get(domainUrl).status());
                assertEquals(404, who.post(domainUrl, Map.of("action", "save")).status());
                assertEquals(404, who.post(domainUrl + "/test-mail", Map.of("from", "a@b.example", "to", "c@d.example")).status());
                assertEquals(404, who.post(domainUrl + "/spf", Map.of("action", "apply")).status());
                assertFalse(who.get("/domains/dave.example").body().contains(domainUrl), "Mail tab entry hidden");
            }
            assertEquals(404, admin.get("/plugins/smarthost/list").status());
            assertFalse(admin.get("/").body().contains("/plugins/smarthost/list"));

            writeIni(panel, original);
            assertEquals(200, admin.get(domainUrl).status(), "back without reinstalling");
            admin.get("/tools");
            assertEquals(303, admin.post("/tools/restricted-mode", Map.of("enabled", "true")).status());
            assertEquals(404, admin.get(SERVER).status());
            assertEquals(404, admin.get(domainUrl).status());
            assertEquals(404, dave.get(domainUrl).status());
            assertEquals(404, admin.get("/plugins/smarthost/list").status());
            assertFalse(admin.get("/tools").body().contains("/plugins/smarthost/server"));
        }
    }

    private static void writeIni(TestPanel panel, String text) throws Exception {
        Files.writeString(panel.home().resolve("panel.ini"), text);
        assertEquals(0, panel.cli("settings", "--reload-ini").exitCode());
    }

    static String token(String body) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"secretToken\" value=\"([0-9a-f]*)\"").matcher(body);
        assertTrue(m.find(), "secret token field");
        return m.group(1);
    }
}
