package io.smarthost.panel.host.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard and Tools &amp; Settings show the one panel.ini problem list, the CLI's. */
class IniProblemsPagesTest {

    private static final Pattern LIST = Pattern.compile("<ul class=\"problems ini-problems\" aria-labelledby=\"([^\"]+)\">(.*?)</ul>",
            Pattern.DOTALL);

    @TempDir
    Path home;

    @Test
    void dashboardAndToolsListTheSameProblemsAsTheCliEscaped() {
        String ini = "[web]\nsession_minutes = <b>0</b>\nprot = 1\n";
        try (TestPanel panel = TestPanel.builder(home).ini(ini).start()) {
            PanelClient admin = panel.login("admin");
            String dashboardPage = admin.get("/").body();
            String toolsPage = admin.get("/tools").body();
            String dashboard = list(dashboardPage);
            assertEquals(dashboard, list(toolsPage), "one list");
            assertTrue(dashboard.contains("<li><code>panel.ini:2</code>: <code>session_minutes</code>: &quot;&lt;b&gt;0&lt;/b&gt;&quot;"
                    + " is not allowed: a whole number from 1 to 10080; the default (60) applies</li>"), dashboard);
            assertTrue(dashboard.contains("<li><code>panel.ini:3</code>: <code>prot</code>: unknown key in [web], ignored;"
                    + " did you mean port?</li>"), dashboard);
            assertFalse(dashboardPage.contains("<b>0</b>"), "escaped");
            assertTrue(dashboardPage.contains("<h3 id=\"ini-problems-heading\">panel.ini problems</h3>"), "a heading names the list");
            assertTrue(toolsPage.contains("<h2 id=\"ini-problems-heading\">panel.ini problems</h2>"));
            assertTrue(toolsPage.contains("2 problems in panel.ini."));
            assertFalse(dashboardPage.contains("No problem found"), "the bug: the dashboard said so while Tools listed one");

            TestPanel.CliRun cli = panel.cli("settings", "--reload-ini");
            assertEquals(1, cli.exitCode());
            long cliLines = cli.out().lines().filter(l -> l.startsWith("panel.ini:")).count();
            assertEquals(cliLines, dashboard.split("<li>", -1).length - 1L, cli.out());

            assertEquals(303, admin.post("/lang", Map.of("lang", "fr", "next", "/tools")).status());
            String french = admin.get("/tools").body();
            assertTrue(french.contains("Problèmes dans panel.ini") && french.contains("2 problèmes dans panel.ini."), french);
            assertEquals(dashboard, list(french), "the problem lines are the CLI's and the log's, in every language");
        }
    }

    @Test
    void aCleanFileSaysSoOnBothPages() {
        try (TestPanel panel = TestPanel.builder(home).ini("[web]\nsession_minutes = 30\n[custom]\nanything = goes\n").start()) {
            PanelClient admin = panel.login("admin");
            assertTrue(admin.get("/").body().contains("<p class=\"ok\">No problem found in panel.ini.</p>"));
            assertTrue(admin.get("/tools").body().contains("<p class=\"ok\">No problem found in panel.ini.</p>"));
            assertEquals(0, panel.cli("settings", "--reload-ini").exitCode());
        }
    }

    private static String list(String page) {
        Matcher m = LIST.matcher(page);
        assertTrue(m.find(), "no problem list in the page");
        return m.group(2);
    }
}
