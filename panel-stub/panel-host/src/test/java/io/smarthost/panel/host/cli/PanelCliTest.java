package io.smarthost.panel.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PanelCliTest {

    @TempDir
    Path home;

    @Test
    void exitCodesSayOkBadInputOrFailure() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            assertEquals(2, panel.cli().exitCode());
            assertEquals(2, panel.cli("nosuchutility", "--list").exitCode());
            TestPanel.CliRun badOption = panel.cli("domain", "--create", "x.example", "-owner", "admin", "-colour", "red");
            assertEquals(2, badOption.exitCode());
            assertTrue(badOption.err().contains("-colour"), badOption.err());
            TestPanel.CliRun noOwner = panel.cli("domain", "--create", "x.example", "-owner", "nobody");
            assertEquals(2, noOwner.exitCode());
            assertTrue(noOwner.err().contains("owner: no user named 'nobody'"), noOwner.err());
            assertEquals(0, panel.cli("domain", "--create", "x.example", "-owner", "admin").exitCode());
            assertEquals(2, panel.cli("domain", "--create", "x.example", "-owner", "admin").exitCode(), "taken");
            assertEquals(1, panel.cli("settings", "--get", "panel_name").exitCode(), "unset setting is a failure, not bad input");
        }
    }

    @Test
    void usersApiKeysAndDomainsFromTheCli() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            TestPanel.CliRun noStdin = panel.cli("user", "--create", "eve", "-role", "customer");
            assertEquals(2, noStdin.exitCode());
            assertTrue(noStdin.err().contains("-password-stdin"));
            assertEquals(0, panel.cliWithStdin("eve-password-1\n", "user", "--create", "eve", "-role", "customer", "-password-stdin").exitCode());
            assertEquals(2, panel.cliWithStdin("x\n", "user", "--create", "eve2", "-role", "owner", "-password-stdin").exitCode());
            TestPanel.CliRun key = panel.cli("apikey", "--create", "-user", "eve");
            assertEquals(0, key.exitCode());
            assertTrue(panel.panel().apiKeys().authenticate(key.out().strip()).isPresent());
            assertEquals(0, panel.cli("domain", "--create", "eve.example", "-owner", "eve").exitCode());
            assertEquals(0, panel.cli("domain", "--add-alias", "eve.example", "-alias", "eve.test").exitCode());
            TestPanel.CliRun json = panel.cli("domain", "--list", "-json");
            assertTrue(json.out().contains("\"name\" : \"eve.example\"") && json.out().contains("\"eve.test\""), json.out());
            assertEquals(0, panel.cli("domain", "--rename", "eve.example", "-new-name", "eve.org").exitCode());
            assertTrue(panel.panel().dns().records("eve.org").stream().anyMatch(r -> r.name().equals("www.eve.org")),
                    "the DNS zone followed the rename");
            assertEquals(2, panel.cli("domain", "--remove-alias", "eve.org", "-alias", "nope.test").exitCode());
            assertEquals(0, panel.cli("domain", "--delete", "eve.org").exitCode());
            assertEquals(Optional.empty(), panel.panel().domains().find("eve.test"));
        }
    }

    @Test
    void theListAndInfoAddTheUnicodeFormsOfPunycodeNamesAfterTheFieldsScriptsRead() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            assertEquals(0, panel.cli("domain", "--create", "xn--strae-oqa.example", "-owner", "admin").exitCode());
            assertEquals(0, panel.cli("domain", "--add-alias", "xn--strae-oqa.example", "-alias", "xn--bcher-kva.example").exitCode());
            assertEquals(0, panel.cli("domain", "--add-alias", "xn--strae-oqa.example", "-alias", "plain.example").exitCode());
            assertEquals(0, panel.cli("domain", "--create", "ascii.example", "-owner", "admin").exitCode());
            assertEquals(0, panel.cli("domain", "--create", "ascii2.example", "-owner", "admin").exitCode());
            assertEquals(0, panel.cli("domain", "--add-alias", "ascii2.example", "-alias", "xn--mnchen-3ya.example").exitCode());

            java.util.List<String> lines = panel.cli("domain", "--list", "-filter", "example").out().lines().toList();
            assertTrue(lines.contains("ascii.example\tadmin"), "an ASCII name gets no more fields: " + lines);
            assertTrue(lines.contains("ascii2.example\tadmin\taliases: xn--mnchen-3ya.example"
                    + "\taliases in Unicode: münchen.example"), lines.toString());
            assertTrue(lines.contains("xn--strae-oqa.example\tadmin\taliases: plain.example,xn--bcher-kva.example"
                    + "\tin Unicode: straße.example\taliases in Unicode: plain.example,bücher.example"), lines.toString());
            assertEquals("xn--strae-oqa.example\towner: admin\taliases: plain.example,xn--bcher-kva.example"
                    + "\tin Unicode: straße.example\taliases in Unicode: plain.example,bücher.example",
                    panel.cli("domain", "--info", "xn--strae-oqa.example").out().strip());
            assertEquals("ascii.example\towner: admin\taliases: ", panel.cli("domain", "--info", "ascii.example").out().stripLeading()
                    .replace("\n", ""));
            TestPanel.CliRun json = panel.cli("domain", "--info", "xn--strae-oqa.example", "-json");
            assertFalse(json.out().contains("straße"), "JSON keeps the names as stored: " + json.out());
        }
    }

    @Test
    void restrictedModeIsASettingPluginsSee() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            var settings = panel.panel().services("anyplugin").settings();
            assertFalse(settings.restrictedMode());
            assertEquals(0, panel.cli("settings", "--set", "restricted_mode=true").exitCode());
            assertTrue(settings.restrictedMode());
            assertEquals("true", panel.cli("settings", "--get", "restricted_mode").out().strip());
            TestPanel.CliRun bad = panel.cli("settings", "--set", "restricted_mode=yes");
            assertEquals(2, bad.exitCode());
            assertTrue(bad.err().contains("restricted_mode must be true or false"), bad.err());
            assertFalse(bad.err().contains("yes"), "the refused word is not repeated: " + bad.err());
            assertEquals(0, panel.cli("settings", "--set", "restricted_mode=false").exitCode());
            assertFalse(settings.restrictedMode());
        }
    }

    @Test
    void reloadIniReportsProblemsWithLineNumbers() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            java.nio.file.Files.writeString(panel.home().resolve("panel.ini"), "[web]\nport 9000\nsession_minutes = never\n");
            TestPanel.CliRun run = panel.cli("settings", "--reload-ini");
            assertEquals(1, run.exitCode(), "problems are a failure, for scripts and monitoring");
            assertTrue(run.out().contains("\npanel.ini:2: missing '=' (expected key = value); line ignored\n"), run.out());
            assertTrue(run.out().contains("\npanel.ini:3: session_minutes: \"never\" is not allowed: a whole number from 1 to 10080;"
                    + " the default (60) applies\n"), run.out());
            assertTrue(run.out().contains("2 problems in panel.ini"), run.out());
            java.nio.file.Files.writeString(panel.home().resolve("panel.ini"), "[web]\nport = 9000\n");
            TestPanel.CliRun clean = panel.cli("settings", "--reload-ini");
            assertEquals(0, clean.exitCode(), clean.out());
            assertTrue(clean.out().contains("No problem found in panel.ini."), clean.out());
        }
    }

    @Test
    void actionLogRecordsWhoDidWhatAndRedactsSecrets() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            panel.cli("domain", "--create", "log.example", "-owner", "admin");
            panel.panel().services("p").actionLog().record("p.changed", "server", java.util.Map.of("password", "hunter2", "host", "h"));
            var entries = io.smarthost.panel.host.services.DbActionLog.latest(panel.panel().jdbc(), 10);
            assertTrue(entries.stream().anyMatch(e -> e.action().equals("domain.created") && e.actor().equals("admin")
                    && e.channel().equals("CLI")), entries.toString());
            var changed = entries.stream().filter(e -> e.action().equals("p.changed")).findFirst().orElseThrow();
            assertEquals("host=h; password=******", changed.details());
        }
    }

    /** Every utility, every way of asking for its help: standard output, exit 0 (-h and help exited 2). */
    @Test
    void everyUtilityPrintsItsHelpForEveryHelpWord() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            java.util.List<String> utilities = java.util.List.of("apikey", "domain", "repair", "user", "extension", "database",
                    "settings");
            assertTrue(panel.cli("--help").out().lines().filter(l -> l.startsWith("  ")).count() >= utilities.size());
            for (String utility : utilities) {
                for (String[] words : java.util.List.of(new String[] {utility, "--help"}, new String[] {utility, "-h"},
                        new String[] {utility, "-help"}, new String[] {utility, "help"}, new String[] {"help", utility},
                        new String[] {"-h", utility}, new String[] {utility, "--list", "--help"},
                        new String[] {utility, "--set", "-h"}, new String[] {utility, "--create", "x.example", "-owner", "admin", "-help"})) {
                    TestPanel.CliRun help = panel.cli(words);
                    String line = String.join(" ", words);
                    assertEquals(0, help.exitCode(), line + ": " + help.err());
                    assertTrue(help.out().contains("panel bin " + utility), line + ": " + help.out());
                    assertEquals("", help.err(), line);
                }
            }
            assertFalse(panel.cli("domain", "--list").out().contains("x.example"), "a help request runs nothing");
            // a mistake stays a mistake
            TestPanel.CliRun wrong = panel.cli("settings", "--lst");
            assertEquals(2, wrong.exitCode());
            assertEquals("", wrong.out());
            assertTrue(wrong.err().contains("see panel bin settings --help"), wrong.err());
            assertEquals(2, panel.cli("help", "nosuchutility").exitCode());
        }
    }

    /**
     * settings --set takes the keys the panel uses (panel_name did nothing, a hostile tester); any other key, or a value a
     * key refuses, is exit 2 in one line naming the key and the keys that can be set, never the value (it may be a secret).
     */
    @Test
    void settingsSetRefusesWhatItCannotSetWithoutRepeatingTheValue() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            String secret = "Hunter2Secret";
            for (String pair : new String[] {"panel_nam=" + secret, "smtp_password=" + secret, "permission.smarthost.carol=" + secret,
                    "default_language=" + secret, "restricted_mode=" + secret, "panel_name=" + secret + "\u0007".translateEscapes(),
                    "panel_name=" + secret.repeat(6)}) {
                TestPanel.CliRun refused = panel.cli("settings", "--set", pair);
                String key = pair.substring(0, pair.indexOf('='));
                assertEquals(2, refused.exitCode(), pair);
                assertEquals(1, refused.err().lines().count(), refused.err());
                assertTrue(refused.err().contains(key), "names the key: " + refused.err());
                assertFalse(refused.err().contains(secret) || refused.out().contains(secret), "the value is not repeated: " + refused.err());
                assertFalse(panel.panel().settings().get(key).isPresent(), "nothing saved for " + key);
            }
            String unknown = panel.cli("settings", "--set", "panel_nam=x").err();
            assertTrue(unknown.contains("(did you mean panel_name?)") && unknown.contains("default_language (en|fr")
                    && unknown.contains("restricted_mode (true|false)"), unknown);
            assertTrue(panel.cli("settings", "--set", "permission.smarthost.carol=true").err().contains("panel bin user --update"));
            TestPanel.CliRun named = panel.cli("settings", "--set", "panel_name=  Hébergement Dupont  ");
            assertEquals(0, named.exitCode(), named.err());
            assertEquals("panel_name = Hébergement Dupont\n", named.out());
            assertEquals(java.util.Optional.of("Hébergement Dupont"), panel.panel().settings().panelName());
            TestPanel.CliRun unset = panel.cli("settings", "--set", "panel_name=");
            assertEquals(0, unset.exitCode(), unset.err());
            assertEquals(java.util.Optional.empty(), panel.panel().settings().panelName());
            assertEquals(1, panel.cli("settings", "--get", "panel_name").exitCode(), "unset again");
        }
    }
}
