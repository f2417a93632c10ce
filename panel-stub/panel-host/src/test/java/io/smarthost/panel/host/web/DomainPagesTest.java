package io.smarthost.panel.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The domain pages show names as people read them (bücher.example, its ASCII form beside it, the link on the ASCII
 * form), and a customer's list filters as the admin's does (a Unicode filter included).
 */
class DomainPagesTest {
    @TempDir
    static Path temp;
    static TestPanel panel;

    @BeforeAll
    static void start() {
        panel = TestPanel.builder(temp.resolve("home")).demoData(false).start();
        panel.createUser("carol", io.smarthost.panel.api.Role.CUSTOMER, "carol-password-1");
        panel.createDomain("bücher.example", "carol", "straße.example", "bücher-alias.example");
        panel.createDomain("xn--strae-oqa.de", "carol"); // straße.de as IDNA 2008 has it
        panel.createDomain("plain.example", "carol");
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    private static String filter(String f) {
        return "/domains?filter=" + URLEncoder.encode(f, StandardCharsets.UTF_8);
    }

    @Test
    void theListAndTheDomainPageShowUnicodeNamesWithTheirAsciiForm() {
        for (PanelClient who : new PanelClient[] {panel.login("admin"), panel.login("carol", "carol-password-1")}) {
            HttpReply list = who.get("/domains");
            assertEquals(200, list.status());
            assertTrue(list.body().contains("<a href=\"/domains/xn--bcher-kva.example\">bücher.example</a>"
                    + " <span class=\"muted ascii-name\">xn--bcher-kva.example</span>"), list.body());
            assertTrue(list.body().contains("<a href=\"/domains/plain.example\">plain.example</a></td>"),
                    "an ASCII name once: " + list.body());
            assertTrue(list.body().contains("bücher-alias.example (xn--bcher-alias-thb.example), straße.example (xn--strae-oqa.example)"),
                    "aliases, with the ASCII form of those that have a Unicode form (a typed ß kept, IDNA 2008): " + list.body());
            assertTrue(list.body().contains(">straße.de</a> <span class=\"muted ascii-name\">xn--strae-oqa.de</span>"),
                    "an IDNA 2008 label shown in Unicode: " + list.body());

            HttpReply page = who.get("/domains/xn--bcher-kva.example");
            assertEquals(200, page.status());
            assertTrue(page.body().contains("bücher.example <span class=\"muted ascii-name\">xn--bcher-kva.example</span></h2>"),
                    page.body());
        }
    }

    @Test
    void aCustomersListFiltersAsTheAdminsDoes() {
        PanelClient admin = panel.login("admin");
        PanelClient carol = panel.login("carol", "carol-password-1");
        for (String f : new String[] {"büch", "BÜCH", "xn--bcher", "plain", "nothing-here", "d0000_"}) {
            boolean adminFinds = admin.get(filter(f)).body().contains(">bücher.example<")
                    || admin.get(filter(f)).body().contains(">plain.example<");
            String mine = carol.get(filter(f)).body();
            boolean carolFinds = mine.contains(">bücher.example<") || mine.contains(">plain.example<");
            assertEquals(adminFinds, carolFinds, f + ": " + mine);
        }
        String mine = carol.get(filter("büch")).body();
        assertTrue(mine.contains(">bücher.example<"), mine);
        assertFalse(mine.contains(">plain.example<"), mine);
    }
}
