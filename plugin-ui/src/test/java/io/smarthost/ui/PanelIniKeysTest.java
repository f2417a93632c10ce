package io.smarthost.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.GeneratedIni;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's [mail] keys are declared, so the panel checks them like its own. */
class PanelIniKeysTest {

    private static final Pattern LIST = Pattern.compile("<ul class=\"problems ini-problems\"[^>]*>(.*?)</ul>", Pattern.DOTALL);

    @TempDir
    Path home;

    @Test
    void theGeneratedPanelIniListsEveryDeclaredKeyOfTheHostAndThePluginWithItsDefault() {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").withoutWeb().start()) {
            var schema = panel.panel().ini().schema();
            assertTrue(schema.owns("mail"), "the plugin's keys are declared");
            GeneratedIni.assertListsEveryDeclaredKey(panel.home().resolve("panel.ini"), schema);
            assertEquals(GeneratedIni.commentedKeys(panel.home().resolve("panel.ini")).keySet().stream().filter(schema::owns).toList(),
                    List.copyOf(GeneratedIni.commentedKeys(panel.home().resolve("panel.ini")).keySet()), "no section nobody owns");
            assertEquals(List.of(), panel.panel().ini().problems(), "the generated file has no problem");
        }
    }

    /** Regression (issue 12): "ture" exited 0 silently, the dashboard said no problem, only Tools & Settings listed it. */
    @Test
    void aTypoedVisibilitySwitchIsLoudEverywhereAndTheDefaultApplies() throws Exception {
        String ini = "[mail]\nsmarthost.server.enabled = ture\nsmarthost.sever.enabled = false\nsmarthost.check.total_timeout = 2\n";
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").ini(ini).start()) {
            List<String> expected = List.of(
                    "panel.ini:2: smarthost.server.enabled: \"ture\" is not allowed: true or false (also on/off, yes/no, 1/0);"
                            + " the default (true) applies",
                    "panel.ini:3: smarthost.sever.enabled: unknown key in [mail], ignored; did you mean smarthost.server.enabled?",
                    "panel.ini:4: smarthost.check.total_timeout: \"2\" is not allowed: a whole number from 5 to 600;"
                            + " the default (30) applies");
            TestPanel.CliRun reload = panel.cli("settings", "--reload-ini");
            assertEquals(1, reload.exitCode(), reload.out());
            assertEquals(expected, reload.out().lines().filter(l -> l.startsWith("panel.ini:")).toList());

            PanelClient admin = panel.login("admin");
            String dashboard = list(admin.get("/").body());
            assertEquals(dashboard, list(admin.get("/tools").body()));
            assertEquals(expected.size(), dashboard.split("<li>", -1).length - 1, dashboard);
            assertTrue(dashboard.contains("<code>smarthost.server.enabled</code>: &quot;ture&quot; is not allowed"), dashboard);

            assertEquals(200, admin.get("/plugins/smarthost/server").status(), "the documented default: visible");
            assertEquals(0, panel.cli("smarthost", "--info").exitCode());

            Files.writeString(panel.home().resolve("panel.ini"), "[mail]\nsmarthost.server.enabled = false\n");
            assertEquals(0, panel.cli("settings", "--reload-ini").exitCode());
            assertEquals(404, admin.get("/plugins/smarthost/server").status(), "a valid false still hides it");
            assertTrue(admin.get("/").body().contains("No problem found in panel.ini."));
            assertFalse(admin.get("/tools").body().contains("ini-problems\""));
        }
    }

    private static String list(String page) {
        Matcher m = LIST.matcher(page);
        assertTrue(m.find(), "no problem list in the page");
        return m.group(1);
    }
}
