package io.smarthost.panel.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each host utility's list of commands (what a mistyped command is compared with) holds only commands the utility
 * runs: each one, given an option no command takes, is refused for that option, not as an unknown command; and a
 * mistyped one is answered with the command it was meant to be.
 */
class UtilityCommandsTest {

    static final Map<String, List<String>> UTILITIES = Map.of("domain", DomainUtility.COMMANDS, "user", UserUtility.COMMANDS,
            "extension", ExtensionUtility.COMMANDS, "settings", SettingsUtility.COMMANDS, "database", DatabaseUtility.COMMANDS,
            "apikey", ApiKeyUtility.COMMANDS);

    @Test
    void everyListedCommandIsOneTheUtilityRuns(@TempDir Path home) {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            UTILITIES.forEach((utility, commands) -> {
                assertFalse(commands.isEmpty(), utility);
                for (String command : commands) {
                    TestPanel.CliRun r = panel.cli(utility, "--" + command, "-zz-no-such-option");
                    assertEquals(2, r.exitCode(), utility + " --" + command + ": " + r.err());
                    assertFalse(r.err().contains("unknown command"), utility + " --" + command + ": " + r.err());
                }
                TestPanel.CliRun typo = panel.cli(utility, "--" + commands.get(0) + "x");
                assertTrue(typo.err().contains("unknown command --" + commands.get(0) + "x (did you mean --" + commands.get(0) + "?)"),
                        utility + ": " + typo.err());
            });
        }
    }

    /** A word after a command that takes none is refused by its place, never repeated (it may be a secret: hostile tester). */
    @Test
    void aWordAfterACommandThatTakesNoneIsRefusedUnrepeated(@TempDir Path home) {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            for (String[] line : new String[][] {{"user", "--list"}, {"database", "--info"}, {"settings", "--reload-ini"},
                    {"settings", "--list"}, {"extension", "--list"}, {"extension", "--catalog"}, {"extension", "--update-all"},
                    {"apikey", "--list"}, {"apikey", "--create"}, {"domain", "--list"}}) {
                TestPanel.CliRun r = panel.cli(line[0], line[1], "Hunter2Secret");
                assertEquals(2, r.exitCode(), String.join(" ", line) + ": " + r.err());
                assertTrue(r.err().contains("unexpected word (word 2 of the command): " + line[1] + " takes no value"),
                        String.join(" ", line) + ": " + r.err());
                assertFalse(r.err().contains("Hunter2") || r.out().contains("Hunter2"), r.err());
            }
            TestPanel.CliRun set = panel.cli("settings", "--set", "Hunter2Secret");
            assertEquals(2, set.exitCode(), set.err());
            assertFalse(set.err().contains("Hunter2"), set.err());
        }
    }
}
